#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <coach/audit.hpp>
#include <coach/files.hpp>
#include <coach/git.hpp>
#include <coach/model.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/results.hpp>

namespace coach {

/// What decides which data directory a command works on, gathered by the
/// command line from its flags and environment.
struct DirectoryHints {
  std::optional<std::filesystem::path> explicit_dir; // -C / --dir
  std::string explicit_dir_source = "-C";            // where explicit_dir was named, for messages
  std::optional<std::string> env_dir;                // COACH_DIR
  std::filesystem::path cwd;
  std::optional<std::string> xdg_data_home; // XDG_DATA_HOME
  std::optional<std::string> home;          // HOME
};

/// The file that marks a data directory.
inline constexpr const char* settings_file_name = "coach.yaml";

/// The directory used when nothing else names one: $XDG_DATA_HOME/coach or ~/.local/share/coach.
std::filesystem::path default_data_dir(const DirectoryHints& hints);

/// Finds the data directory as git finds a repository: -C, else COACH_DIR,
/// else the nearest parent of the working directory holding coach.yaml, else
/// the default. Throws coach::Error (not_found) saying how to create one.
std::filesystem::path find_data_dir(const DirectoryHints& hints);

/// Creates a data directory (owner-only), its coach.yaml, reps/ and a
/// .gitignore for coach's private files; coach.yaml's `since:` is `since`
/// when given. Never overwrites: throws coach::Error (exists) when coach.yaml
/// is already there.
void init_data_dir(const std::filesystem::path& root, const std::string& manager, const std::string& team,
                   bool git_commit = false, std::optional<Date> since = std::nullopt);

/// Refuses (coach::Error usage) an output file (`-o FILE`) that would replace
/// one of the data directory `root`'s own: coach.yaml, .gitattributes,
/// .gitignore, or anything under reps/, team/, results/, .coach/ or .git/
/// (symbolic links followed).
void refuse_output_over_data(const std::filesystem::path& output, const std::filesystem::path& root);

/// The rep's file relative to its data directory ("reps/alice-chen.yaml", a
/// team file's "team/2026.yaml"), as git names it.
std::string rep_file_in_dir(const Rep& rep);

/// A change a write just made, handed over while the directory lock is held.
struct WrittenChange {
  FileChange file;
  std::optional<Record> appended; // append_record: the record as written, new ids included
};

/// What a write does with its change before it lets go of the lock (the
/// command line commits it to git), so concurrent commands commit in turn.
using ChangeRecorder = std::function<void(const WrittenChange&)>;

/// What DataDir::prepare_for_git changed.
struct GitPreparation {
  bool gitignore_created = false;
  bool commit_turned_on = false;         // `git: commit: true` added to coach.yaml
  std::vector<std::string> made_private; // files and folders whose group and other permissions were taken off
};

/// A team's data directory: coach.yaml and reps/<id>.yaml.
class DataDir {
public:
  explicit DataDir(std::filesystem::path root);

  const std::filesystem::path& root() const { return m_root; }
  std::filesystem::path settings_path() const { return m_root / settings_file_name; }
  std::filesystem::path reps_dir() const { return m_root / "reps"; }
  /// The team's files (team/YEAR.yaml, see team_file.hpp).
  std::filesystem::path team_dir() const { return m_root / "team"; }
  /// The team file of `year`.
  std::filesystem::path team_path(int year) const;
  /// The file of rep `id`; `id` must satisfy is_rep_id, so it stays inside reps/.
  std::filesystem::path rep_path(const std::string& id) const;
  /// The sales results, one file per period (results/2026-Q3.yaml, see results_file.hpp).
  std::filesystem::path results_dir() const { return m_root / "results"; }
  /// coach's private folder (lock, editor files), ignored by git.
  std::filesystem::path private_dir() const { return m_root / ".coach"; }

  Settings load_settings() const;
  /// Every rep, archived ones included, sorted by id. Throws on the first
  /// file that cannot be read, unless `failures` is given: then such files are
  /// listed there and left out.
  std::vector<Rep> load_reps(std::vector<LoadFailure>* failures = nullptr) const;
  /// Calls `visit` with every rep file's rep, in load_reps' order (sorted by id), read through the
  /// cache on all cores, a few files ahead of `visit` (a bounded window, not every file), each rep
  /// freed once `visit` returns: memory follows one rep, not the directory. Unreadable files as in
  /// load_reps (throws on the first unless `failures`; then listed, in file order). The roster index
  /// is refreshed as load_reps does (from each rep's roster_entry_of, kept as the reps pass).
  void for_each_rep(const std::function<void(Rep&)>& visit, std::vector<LoadFailure>* failures = nullptr) const;
  /// One rep file, parsed and read (no cache).
  Rep load_rep_file(const std::filesystem::path& path) const;
  /// One rep file, through the cache. `read_at`, when given, receives the
  /// stamp of the version read (none if the file changed while it was read,
  /// or too recently for its stamp to tell versions apart: file_too_recent_to_cache).
  Rep load_rep(const std::filesystem::path& path, std::optional<FileStamp>* read_at = nullptr) const;
  /// Every team file, oldest year first, as Reps (see team_file.hpp), through
  /// the cache; unreadable ones as in load_reps.
  std::vector<Rep> load_team_files(std::vector<LoadFailure>* failures = nullptr) const;
  /// Every results file (results/PERIOD.yaml, see results.hpp), oldest
  /// period first; unreadable ones as in load_reps.
  std::vector<ResultsPeriod> load_results(std::vector<LoadFailure>* failures = nullptr) const;
  /// The light view of every rep file and team file (ids, names, archive dates, record and
  /// promise ids), through the cache: what finding a rep or a promise needs.
  /// Throws on the first file that cannot be read, unless `failures` is given:
  /// then such a file is listed there and has an entry with its file name as
  /// id, no name, and as promise ids every id a raw scan of its bytes finds
  /// (scan_record_ids), so that new ids are still checked against them.
  std::vector<RosterEntry> load_roster(std::vector<LoadFailure>* failures = nullptr) const;
  /// Every rep as load_reps gives them (same order, same errors), but each as
  /// its id, name, archive date and path alone: no records, role, tags or
  /// cadence. Read from the roster (its index, else the file's cache entry):
  /// what naming and counting reps needs, without building every history.
  std::vector<Rep> load_rep_headers() const;
  /// The rep a user means by REP (see resolve_rep), read in full; the other
  /// files are only looked at through the roster, and one that cannot be read
  /// matters only when REP may mean it (then its error is thrown).
  Rep find_rep(std::string_view query) const;
  /// The rep holding the promise a user means by ID (an id or a unique start
  /// of one), read in full, and the promise's exact id. Unknown or ambiguous
  /// ids are errors that list the closest candidates (see find_promise). A
  /// file that cannot be read matters only when the id may be in it.
  std::pair<Rep, std::string> find_rep_with_promise(std::string_view id) const;
  /// The rep holding the record a user means by ID (an id or a unique start
  /// of one), read in full, and the record's exact id. Throws coach::Error
  /// (not_found) for an unknown or ambiguous id, listing the candidates.
  std::pair<Rep, std::string> find_rep_with_record(std::string_view id) const;

  // Every write below happens under the directory lock and hands its change
  // to `recorder` (when given) before the lock is released.

  /// Creates the file of a new rep. Throws coach::Error (exists) when the id is taken.
  void add_rep(const Rep& rep, const ChangeRecorder& recorder = {}) const;
  /// Appends `record` to the rep's file, giving the record and its promises
  /// fresh ids unique in the directory (unreadable files included, by a raw
  /// scan). Returns the record as written.
  Record append_record(const Rep& rep, Record record, const ChangeRecorder& recorder = {}) const;
  /// Makes `change` to the promise `promise_id` in the rep's file, after
  /// checking against the file as it is now that the promise is still open.
  /// Returns the promise as changed.
  Promise change_promise(const Rep& rep, const std::string& promise_id, const PromiseChange& change,
                         const ChangeRecorder& recorder = {}) const;
  /// Appends the team meeting `record` to the team file of its date's year
  /// (created, with `team:` the settings' team name when given, the first
  /// time), giving it and its actions fresh ids as append_record does.
  /// Returns the record as written.
  Record append_team_meeting(Record record, const std::string& team_name = {},
                             const ChangeRecorder& recorder = {}) const;
  /// Adds `fields` (rows of the record's kind) to the record `record_id` of
  /// the rep's file, after `check` accepted the record as the file holds it
  /// now (it throws to refuse). Returns the record as changed.
  Record add_record_fields(const Rep& rep, const std::string& record_id, const RecordFields& fields,
                           const std::function<void(const Record&)>& check, const ChangeRecorder& recorder = {}) const;
  /// What write_results did (or, dry, would do) to one period's file.
  struct ResultsChange {
    std::string label;    // "2026-Q3"
    std::string what;     // describe_results_change: "8 reps (new)", "unchanged", "priya actual 1 -> 2"
    std::string file;     // "results/2026-Q3.yaml", as git names it
    bool differs = false; // the file is new or gets other results
  };
  /// Replaces results/LABEL.yaml of each of `periods` whole, under the lock:
  /// each file's old results are read (one that cannot be read stops
  /// everything), every new text is verified and written to a temporary file
  /// first, then all are renamed into place, so that the periods are written
  /// all or none. Files whose results do not change are left as they are.
  /// `written` gets the files changed, before the lock is released (the
  /// command line commits them). `dry_run`: nothing is written.
  std::vector<ResultsChange> write_results(const std::vector<ResultsPeriod>& periods, std::string_view source,
                                           bool dry_run,
                                           const std::function<void(const std::vector<std::string>&)>& written) const;
  /// Removes the record or promise `id` (removal.hpp) from the rep's file or
  /// team file `rep`: its lines are taken out, everything else stays, and the
  /// result is checked to read back as the model without it. Returns the
  /// lines removed. `dry_run`: the same checks, nothing written.
  std::string remove_item(const Rep& rep, const std::string& id, bool dry_run,
                          const ChangeRecorder& recorder = {}) const;
  /// The rep a whole text edited by hand (`coach edit`) holds, checked as a
  /// write to the rep's file `rep` would be: read with every check of the
  /// reader, its `id:` (when given) the file's name, and no record or promise
  /// id used twice in it or used in another file of the directory. Throws
  /// coach::Error (data) naming `path:line:column`, the path `shown_path`
  /// when given (the copy the user edited), else the rep's file.
  Rep checked_rep_text(const Rep& rep, const std::string& text, const std::string& shown_path = {}) const;
  /// Writes `new_text` (checked as checked_rep_text does) over the rep's
  /// file, under the lock, only when the file still holds `old_text`, the
  /// text the edit began from: else throws coach::Error (aborted).
  void replace_rep_file(const Rep& rep, const std::string& old_text, const std::string& new_text,
                        const ChangeRecorder& recorder = {}) const;
  /// Marks a rep archived on `date` (one line added to the file).
  void archive_rep(const Rep& rep, Date date, const ChangeRecorder& recorder = {}) const;
  /// Makes `change` to the rep's file (`coach rep set`), as effective_change
  /// finds it against the file as it is now. Returns what changed (empty:
  /// nothing to change, nothing written).
  RepChange set_rep(const Rep& rep, const RepChange& change, const ChangeRecorder& recorder = {}) const;
  /// Moves the rep's file, byte for byte, to the data directory `to`
  /// (`coach rep move`), under both directories' locks: refused (exists) when
  /// the id is taken there or an id of one of its records or promises is in
  /// use there; the copy is made first, then this one removed, and a failure
  /// to remove it removes the copy, so there is always exactly one. Returns
  /// the new file. `removed` and `added` get each directory's change.
  std::filesystem::path move_rep(const Rep& rep, const DataDir& to, const ChangeRecorder& removed = {},
                                 const ChangeRecorder& added = {}) const;

  /// Whether an edit is made to the file itself or, for a commit, to another
  /// version of it (HEAD's, the index's), where a refusal says "not there".
  enum class EditOf { this_file, other_version };
  /// One change to a rep file: checks that `expected` (the model the parsed
  /// `doc` holds) can take it, changes `expected` to match, and returns the
  /// new text. Throws coach::Error when it cannot.
  using RepEdit = std::function<std::string(const YamlDocument& doc, Rep& expected, EditOf of)>;

  /// For `init --git` in an existing directory or a clone, under the lock: a
  /// .gitignore if there is none, `git: commit: true` in coach.yaml, and
  /// owner-only modes (0700 folders, 0600 files) on the directory, reps/ and
  /// the team's files.
  GitPreparation prepare_for_git() const;

  /// The files under this directory that git lists as unmerged ("reps/x.yaml",
  /// "coach.yaml"); asked of git once per version of its index.
  const std::vector<std::string>& unmerged_files() const;

  /// Creates the private folder if needed and returns it.
  std::filesystem::path ensure_private_dir() const;

  /// Those of `candidates` (packed ids) that a record or promise of the
  /// directory has, and perhaps more: a roster index entry's ids where its
  /// stamp matches, otherwise every word of the ids' form in the file's bytes
  /// (find_id_words), no file parsed but one with a `\` escape. In
  /// `candidates`' order, each once.
  std::vector<uint32_t> ids_in_use(std::span<const uint32_t> candidates) const;

private:
  std::vector<std::filesystem::path> rep_files() const;
  std::vector<std::filesystem::path> team_files() const;
  std::vector<std::filesystem::path> results_files() const;
  /// The results file `path` (refused when unmerged), its rep ids checked against reps/ when `check_reps`.
  ResultsPeriod load_results_file(const std::filesystem::path& path, bool check_reps) const;
  /// Gives `record` and its promises ids unused in the directory (the caller holds the lock).
  void issue_ids(Record& record) const;
  DirectoryLock lock() const;
  /// load_roster's entries of the rep files alone.
  std::vector<RosterEntry> rep_roster(std::vector<LoadFailure>* failures) const;
  /// Throws coach::Error (data) when git lists `file` as unmerged: read as it
  /// is, it would hold one side of a merge only.
  void refuse_unmerged(const std::filesystem::path& file) const;
  /// Makes `edit` to the rep's file (the caller holds the lock): reads it
  /// again, edits, verifies the result reads back as the edited model, writes it
  /// atomically, and hands `recorder` the change with a redo of the same edit.
  void edit_rep_file(const Rep& rep, const RepEdit& edit, const ChangeRecorder& recorder,
                     const std::optional<Record>& appended = std::nullopt) const;

  std::filesystem::path m_root;
  mutable std::optional<std::vector<std::string>> m_unmerged;
};

} // namespace coach
