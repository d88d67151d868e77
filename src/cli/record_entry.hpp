#pragma once
// What the commands that record something (log-1on1, log KIND, joint-call
// feedback) share: the editor session, options generated from a kind's
// fields, and turning typed promises into promises.

#include <deque>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/meeting_template.hpp>

namespace coach::cli {

class Setup;

std::string read_stdin();

/// Runs $VISUAL, else $EDITOR, else vi on `path` and returns its exit status
/// (128 when it did not exit normally).
/// Throws coach::Error (aborted) when the editor ($VISUAL, else $EDITOR, else
/// vi) cannot be run: checked before any file is made for it.
void refuse_unrunnable_editor();
int run_editor(const std::string& path);

/// A new private file in the directory's .coach/ holding `text`, readable by
/// the user only: `pattern` ends in XXXXXX and then `suffix_length`
/// characters (".yaml", so editors color it), as mkstemps(3) takes them.
std::string new_editor_file(const DataDir& dir, const std::string& pattern, int suffix_length, const std::string& text);

/// The file the editor writes in. Its text is kept, and its path said, when
/// the record cannot be made from it, so nothing typed is lost.
struct EditorSession {
  std::string path;
  bool keep = true;
  bool resumed = false;       // the file is a kept text reopened (--resume): a dry run keeps it
  std::string resume_command; // "coach log-1on1 alice-chen --resume", said with the kept file's path
  ~EditorSession();
};

/// A text a failed editor session kept, which --resume reopens.
struct KeptText {
  std::string path;
  std::string when; // its last change, local time: "Wed 2026-11-25 14:03"
  size_t older = 0; // how many more such texts wait
};

/// The newest text kept by a failed session whose file is named `file_prefix`-XXXXXX
/// (mkstemp's six characters) in the private folder, or nullopt.
std::optional<KeptText> newest_kept_text(const DataDir& dir, std::string_view file_prefix);

/// What a command's --resume reopens: with `resume`, the newest kept text of
/// `file_prefix` (coach::Error not_found when there is none, naming `what`);
/// without, nullopt, after a note on `err` when one waits, saying that
/// `resume_command` reopens it.
std::optional<KeptText> text_to_resume(const DataDir& dir, std::string_view file_prefix, bool resume,
                                       std::string_view what, std::string_view resume_command, std::ostream& err);

/// Writes `template_text` to a private file named `file_prefix`-XXXXXX (or,
/// with `resume`, reopens that kept file as it is), runs $VISUAL/$EDITOR on it
/// and returns the draft `parse` reads from the edited text. Throws
/// coach::Error (aborted) when the editor cannot be run (before any file is
/// made) or fails, or the template comes back unchanged or empty; the file
/// is removed then unless it holds something the user typed.
MeetingDraft draft_from_editor(const DataDir& dir, std::string_view file_prefix, const std::string& template_text,
                               EditorSession& session, const std::function<MeetingDraft(const std::string&)>& parse,
                               const std::optional<KeptText>& resume = std::nullopt);

/// `error` with "; nothing was logged, your text is kept in PATH" when the
/// session keeps a file (and how to reopen it, when the session says).
Error with_kept_text(const Error& error, const EditorSession& session);

/// The promises typed in `drafts`, their due dates read from `date` (the day
/// they were made): a draft's own, else `default_due`. Throws a usage error
/// for a date that does not parse or falls before `date`.
std::vector<Promise> promises_from_drafts(const std::vector<PromiseDraft>& drafts, Date date, Date default_due);

/// The development goals typed in `drafts`: each needs its own due date, on or after `date`.
std::vector<Promise> goals_from_drafts(const std::vector<PromiseDraft>& drafts, Date date);

/// Adds -p/--promise, -c/--commitment and --due, as log-1on1 has them.
void add_promise_options(CLI::App& cmd, std::vector<std::string>& promises, std::vector<std::string>& commitments,
                         std::string& due);
/// Adds --private TEXT (the record's private notes; - reads them from standard input).
void add_private_option(CLI::App& cmd, std::string& private_notes);
/// Refuses --notes - and --private - together: standard input is read once.
void refuse_two_stdin_reads(std::string_view notes, std::string_view private_notes);
/// The promises given with -p (the manager's unless prefixed) and -c (the rep's).
std::vector<PromiseDraft> promise_drafts(const std::vector<std::string>& promises,
                                         const std::vector<std::string>& commitments);
/// With `dry_run`, prints the record that would be added ("(new)" for the
/// ids it would get) and returns nullopt; else appends it to the rep's file,
/// committed with `message` when git.commit is on, and returns it as written.
/// Either way the editor's file is no longer needed.
std::optional<Record> append_or_print(const Setup& setup, const Rep& rep, Record record, bool dry_run,
                                      EditorSession& session, const std::string& message);

/// The git commit message of a new record: "log-1on1: Alice Chen, 2026-11-25, 2 promises".
std::string commit_message(std::string_view command, const Rep& rep, const Record& record);

/// "; 2 promises, due Fri 2026-11-27" (empty without promises); goals are not counted.
std::string promises_phrase(const std::vector<Promise>& promises);

/// One line per new promise or goal: `  ID  OWNER  TEXT  (due DATE)`.
void print_new_promises(std::ostream& out, const Rep& rep, const std::vector<Promise>& promises);

/// The options of a kind's fields, made from its table (schema.cpp): `--best-step TEXT`,
/// `--went-well TEXT` (repeatable), `--rate SKILL=N`, `--recommend SKILL=TEXT`,
/// `--goal "TEXT (due DATE)"`; help from the field's help. Promises are not among them.
class FieldOptions {
public:
  /// Adds the options of `kind`'s fields (only those of `part`, when given) to `cmd`.
  void add_to(CLI::App& cmd, const KindSpec& kind, std::optional<FieldPart> part = std::nullopt);
  bool any_given() const;
  /// Whether an option of a field of `part` was given.
  bool given_of(FieldPart part) const;
  /// The fields given, checked (choices, numbers, skills against `skills`);
  /// development goals as typed go to `goals`.
  RecordFields fields(std::span<const Skill> skills, std::vector<PromiseDraft>& goals) const;

private:
  struct Given {
    const FieldSpec* spec = nullptr;
    std::string flag;
    std::string value;               // a one-value field
    std::vector<std::string> values; // a repeatable one
    CLI::Option* option = nullptr;
  };
  std::deque<Given> m_given; // CLI11 keeps pointers into it: a deque never moves its elements
};

/// The option name of a field: "--best-step", "--rate" for skill ratings,
/// "--recommend" for skill texts, "--goal" for development goals.
std::string field_flag(const FieldSpec& spec);

/// Checks the rules a record's fields follow beyond their types: at most
/// two focus points; every skill `skills` marks required rated in a
/// required skill map (a skills audit). `where` says how to add one ("--rate").
void check_record_rules(const KindSpec& kind, const RecordFields& fields, std::span<const Skill> skills,
                        bool from_editor);

} // namespace coach::cli
