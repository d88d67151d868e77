// `coach joint-call feedback ID`: the feedback after a joint call that was
// logged with its plan alone, added to that record (new lines at the end of
// its map; everything else in the file stays as it is).
#include <algorithm>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>

#include "context.hpp"
#include "output.hpp"
#include "record_entry.hpp"

namespace coach::cli {

namespace {

struct FeedbackOptions {
  std::string id;
  FieldOptions fields;
  bool edit = false;
  bool dry_run = false;
};

// Refuses a record that cannot take feedback: checked on the file as read,
// and again under the lock on the file as it is then.
void refuse_feedback(const Record& record, Date today) {
  if (record.kind != kind::joint_call) {
    const KindSpec* kind = record.spec();
    throw Error(ExitCode::usage, fmt::format("record {} is a {}, not a joint call; only a joint call takes feedback",
                                             record.id, kind ? kind->title : std::string_view(record.kind)));
  }
  if (record.fields.has_part(FieldPart::feedback)) {
    throw Error(ExitCode::exists,
                fmt::format("the joint call {} has its feedback already; change it in the rep's file by hand",
                            record.id));
  }
  if (record.date > today) {
    throw Error(ExitCode::usage,
                fmt::format("the joint call {} is on {}, in the future; give its feedback after the call", record.id,
                            record.date.pretty()));
  }
}

// The feedback fields, from the options or from the editor (the plan shown as comments).
RecordFields feedback_fields(const FeedbackOptions& options, const Setup& setup, const Rep& rep, const Record& call,
                             EditorSession& session) {
  const Context& context = setup.context;
  const Settings& settings = setup.settings();
  const bool use_editor = options.edit || (!options.fields.any_given() && context.stdin_is_terminal());
  if (options.edit && options.fields.any_given()) {
    throw Error(ExitCode::usage, "--edit takes no content options; write everything in the editor");
  }
  if (!use_editor) {
    std::vector<PromiseDraft> no_goals;
    RecordFields fields = options.fields.fields(settings.skills, no_goals);
    if (!fields.has_part(FieldPart::feedback)) {
      throw Error(ExitCode::usage, "no feedback given; give --self-assessment, --went-well, --result... or --edit");
    }
    return fields;
  }
  const TemplateSubject subject{call.spec(),     &rep,  call.date,          setup.today(),
                                settings.skills, &call, FieldPart::feedback};
  return draft_from_editor(setup.dir(), "JOINT_CALL_FEEDBACK", render_record_template(subject), session,
                           [&](const std::string& edited) {
                             return parse_template_sections(edited, subject.sections(), settings.skills, false);
                           })
      .fields;
}

int run_feedback(const FeedbackOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
  const auto found = dir.find_rep_with_record(options.id);
  const Rep& rep = found.first;
  const std::string& id = found.second;
  const Record& call = *std::find_if(rep.records.begin(), rep.records.end(),
                                     [&](const Record& r) { return r.id == id; });
  refuse_feedback(call, today);
  if (rep.is_archived()) {
    throw Error(ExitCode::usage, fmt::format("{} ({}) is archived since {}; remove `archived:` from {} to coach "
                                             "them again",
                                             rep.name, rep.id, rep.archived->iso(), rep.path));
  }
  EditorSession session;
  RecordFields fields;
  Record with_feedback = call;
  try {
    fields = feedback_fields(options, setup, rep, call, session);
    if (fields.text(field::private_notes) && call.fields.text(field::private_notes)) {
      throw Error(ExitCode::exists, fmt::format("the joint call {} has private notes already; add to them with "
                                                "coach edit {}",
                                                call.id, rep.id));
    }
    for (const Field& field : fields.all()) with_feedback.fields.set(field.spec(), field.value);
    check_record_rules(*call.spec(), with_feedback.fields, setup.settings().skills, !session.path.empty());
  } catch (const Error& e) {
    throw with_kept_text(e, session);
  }
  if (options.dry_run) {
    context.out() << render_record(with_feedback, 2);
    session.keep = false;
    return 0;
  }
  const Record changed = dir.add_record_fields(
      rep, id, fields, [today](const Record& now) { refuse_feedback(now, today); },
      setup.committer(
          [&](const WrittenChange&) { return fmt::format("joint-call feedback: {}, {}", rep.name, call.date.iso()); }));
  session.keep = false;
  const std::string* account = changed.fields.text(field::account);
  context.out() << fmt::format("Added the feedback of the joint call with {}{} on {}\n", rep.name,
                               account ? " at " + one_line(*account) : "", changed.date.pretty());
  return 0;
}

} // namespace

CommandBody joint_call_feedback_command(CLI::App& cmd) {
  auto options = std::make_shared<FeedbackOptions>();
  cmd.add_option("ID", options->id, "The joint call's record id, or a unique start of it")->required();
  options->fields.add_to(cmd, *find_kind(kind::joint_call), FieldPart::feedback);
  cmd.add_flag("-e,--edit", options->edit,
               "Write it in $VISUAL/$EDITOR, the plan shown (the default on a terminal without feedback options)");
  cmd.add_flag("--dry-run", options->dry_run, "Print the record as it would be and write nothing");
  cmd.footer("Skills: the names of coach.yaml's `skills:` list. See coach-joint-call(1).");
  return [options](const Setup& setup) { return run_feedback(*options, setup); };
}

} // namespace coach::cli
