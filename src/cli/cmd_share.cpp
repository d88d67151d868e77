// `coach share REP`: what the rep may read of their coaching record, as
// Markdown or HTML for an email. Private notes appear only with
// --include-private, under their own heading, and stderr says so.
#include <cctype>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include <coach/files.hpp>
#include <coach/share.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

struct ShareOptions {
  std::string rep;
  std::string format = "md";
  std::string output;
  std::string since;
  bool include_private = false;
};

// The document both formats render: sections of labelled lists and texts.
struct Entry {
  std::string label;
  std::vector<std::string> items; // a list; one-line texts
  std::string prose;              // a free text over lines (notes), when `items` is empty
};
struct Section {
  std::string title;
  std::vector<Entry> entries;
};
struct Document {
  std::string title;
  std::string greeting;
  std::vector<Section> sections;
};

void add_list(Section& section, std::string label, const std::vector<std::string>& items) {
  std::vector<std::string> lines;
  for (const auto& item : items) lines.push_back(one_line(item));
  if (!lines.empty()) section.entries.push_back({std::move(label), std::move(lines), ""});
}

void add_text(Section& section, std::string label, const std::string* text) {
  if (text && !text->empty()) section.entries.push_back({std::move(label), {}, *text});
}

Section meeting_section(const Record& meeting) {
  Section section{fmt::format("1:1 on {}", meeting.date.pretty()), {}};
  add_list(section, "Personal", meeting.fields.list(field::personal));
  add_list(section, "Professional", meeting.fields.list(field::professional));
  add_text(section, "Notes", meeting.fields.text(field::notes));
  return section;
}

Section call_section(const Record& call) {
  const std::string* account = call.fields.text(field::account);
  Section section{fmt::format("Joint call{} on {}", account ? " at " + one_line(*account) : "", call.date.pretty()),
                  {}};
  const std::string* result = call.fields.text("result");
  const std::string* outcome = call.fields.text("outcome");
  if (result || outcome) {
    add_list(section, "Result",
             {fmt::format("{}{}{}", result ? "objective " + *result : "", result && outcome ? ": " : "",
                          outcome ? *outcome : "")});
  }
  add_list(section, "Went well", call.fields.list("went_well"));
  add_list(section, "Do differently", call.fields.list("do_differently"));
  add_list(section, "Focus", call.fields.list(field::focus));
  add_text(section, "Notes", call.fields.text(field::notes));
  return section;
}

Section audit_section(const Record& audit) {
  Section section{fmt::format("Skills audit on {}", audit.date.pretty()), {}};
  std::vector<std::string> ratings;
  for (const auto& rating : audit.fields.ratings(field::ratings)) {
    ratings.push_back(fmt::format("{}: {}/5", rating.skill, rating.rating));
  }
  add_list(section, "Ratings", ratings);
  std::vector<std::string> recommendations;
  for (const auto& text : audit.fields.skill_texts(field::recommendations)) {
    recommendations.push_back(fmt::format("{}: {}", text.skill, text.text));
  }
  add_list(section, "What to work on", recommendations);
  add_text(section, "Notes", audit.fields.text(field::notes));
  return section;
}

Section career_section(const CareerPlan& plan) {
  Section section{"Career plan", {}};
  if (plan.goal_record) add_list(section, "Goal", {plan.goal});
  std::vector<std::string> goals;
  for (const Promise* goal : plan.goals) {
    goals.push_back(
        fmt::format("{} ({}{})", goal->text, goal_state(*goal), goal->due ? ", due " + goal->due->pretty() : ""));
  }
  add_list(section, "Development goals", goals);
  return section;
}

std::string promise_line(const PromiseRef& ref) {
  const Promise& p = *ref.promise;
  std::string line = p.text;
  if (ref.record && ref.record->kind == kind::team_meeting)
    line += fmt::format(" (team meeting {})", ref.record->date.pretty());
  if (p.done) return line + fmt::format(": done {}", p.done->pretty());
  if (p.dropped) return line + fmt::format(": dropped {}", p.dropped->pretty());
  return line + (p.due ? fmt::format(" (due {})", p.due->pretty()) : "");
}

Section promises_section(const ShareView& view) {
  Section section{"Promises", {}};
  for (const Owner owner : {Owner::manager, Owner::rep}) {
    std::vector<std::string> lines;
    for (const PromiseRef& ref : view.open) {
      if (ref.promise->owner == owner) lines.push_back(promise_line(ref));
    }
    add_list(section, owner == Owner::manager ? "I will" : "You will", lines);
  }
  std::vector<std::string> closed;
  for (const PromiseRef& ref : view.closed) {
    closed.push_back(fmt::format("{}: {}", ref.promise->owner == Owner::manager ? "I" : "You", promise_line(ref)));
  }
  add_list(section, "Closed", closed);
  return section;
}

// Every shown record's private notes, under one heading the reader cannot miss.
Section private_section(const ShareView& view) {
  Section section{"Private (not for the rep)", {}};
  std::vector<const Record*> shown(view.meetings.begin(), view.meetings.end());
  shown.insert(shown.end(), view.calls.begin(), view.calls.end());
  shown.insert(shown.end(), view.audits.begin(), view.audits.end());
  // The career plan is drawn from every career conversation: each one's notes.
  if (!view.plan.empty()) {
    for (const Record& record : view.rep->records) {
      if (record.kind == kind::career) shown.push_back(&record);
    }
  }
  for (const Record* record : shown) {
    const KindSpec* kind = record->spec();
    std::string label = fmt::format("{} on {}", kind ? kind->title : std::string_view(record->kind),
                                    record->date.pretty());
    label.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(label.front()))); // "Joint call on"
    add_text(section, label, record->fields.text(field::private_notes));
  }
  return section;
}

Document share_document(const ShareView& view, bool include_private) {
  const Rep& rep = *view.rep;
  Document doc;
  const std::string about = view.since              ? fmt::format("our coaching since {}", view.since->pretty())
                            : view.meetings.empty() ? std::string("where we stand")
                                                    : fmt::format("our 1:1 on {}", view.meetings.back()->date.pretty());
  doc.title = fmt::format("{}: {}", rep.name, about);
  doc.greeting = fmt::format("Hi {}, here is my summary of {}.", rep.first_name(), about);
  for (const Record* meeting : view.meetings) doc.sections.push_back(meeting_section(*meeting));
  doc.sections.push_back(promises_section(view));
  for (const Record* call : view.calls) doc.sections.push_back(call_section(*call));
  for (const Record* audit : view.audits) doc.sections.push_back(audit_section(*audit));
  if (!view.plan.empty()) doc.sections.push_back(career_section(view.plan));
  if (include_private) doc.sections.push_back(private_section(view));
  std::erase_if(doc.sections, [](const Section& s) { return s.entries.empty(); });
  return doc;
}

std::string render_markdown(const Document& doc) {
  // Every text is escaped: what a rep or manager typed reads as typed, never as markup.
  std::string out = fmt::format("# {}\n\n{}\n", markdown_escape(one_line(doc.title)),
                                markdown_escape(one_line(doc.greeting)));
  for (const Section& section : doc.sections) {
    out += fmt::format("\n## {}\n", markdown_escape(one_line(section.title)));
    for (const Entry& entry : section.entries) {
      out += fmt::format("\n**{}**\n\n", markdown_escape(one_line(entry.label)));
      for (const auto& item : entry.items) out += fmt::format("- {}\n", markdown_escape(one_line(item)));
      for (const auto& line : split_lines(entry.prose)) out += markdown_escape_line(line) + "\n";
    }
  }
  return out;
}

std::string render_html(const Document& doc) {
  std::string out =
      fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<title>{0}</title>\n</head>\n<body style=\"font-family: sans-serif; max-width: 42em\">\n"
                  "<h1>{0}</h1>\n<p>{1}</p>\n",
                  html_escape(one_line(doc.title)), html_escape(one_line(doc.greeting)));
  for (const Section& section : doc.sections) {
    out += fmt::format("<h2>{}</h2>\n", html_escape(section.title));
    for (const Entry& entry : section.entries) {
      out += fmt::format("<p><strong>{}</strong></p>\n", html_escape(entry.label));
      if (!entry.items.empty()) {
        out += "<ul>\n";
        for (const auto& item : entry.items) out += fmt::format("<li>{}</li>\n", html_escape(item));
        out += "</ul>\n";
      }
      if (!entry.prose.empty())
        out += fmt::format("<p>{}</p>\n", coach::join(split_lines(html_escape(entry.prose)), "<br>\n"));
    }
  }
  return out + "</body>\n</html>\n";
}

int run_share(const ShareOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
  if (!options.output.empty()) refuse_output_over_data(options.output, dir.root());
  std::optional<Date> since;
  if (!options.since.empty()) since = parse_date_option("--since", options.since, today, DateDirection::past);
  if (!options.output.empty()) check_can_write_atomic(options.output); // the options first, then before any file
  std::vector<Rep> with_team_actions{dir.find_rep(options.rep)};
  attach_team_actions(with_team_actions, kept_until_exit(dir.load_team_files())); // actions concerning the rep
  const ShareView view = share_view(with_team_actions.front(), since, today);
  const Document doc = share_document(view, options.include_private);
  const std::string text = options.format == "html" ? render_html(doc) : render_markdown(doc);
  if (options.include_private) {
    context.err() << "coach: warning: this contains your private notes (--include-private); do not send it to "
                  << view.rep->first_name() << "\n";
  }
  if (options.output.empty()) {
    context.out() << text;
    return 0;
  }
  write_file_atomic(options.output, text, 0600);
  context.out() << fmt::format("Wrote {} ({} format)\n", options.output, options.format);
  return 0;
}

} // namespace

CommandBody share_command(CLI::App& cmd) {
  auto options = std::make_shared<ShareOptions>();
  cmd.add_option("REP", options->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("--format", options->format, "md (default) or html")->check(CLI::IsMember({"md", "html"}));
  cmd.add_option("-o,--output", options->output, "Write to this file (owner-only) instead of standard output")
      ->check(non_empty())
      ->type_name("FILE");
  cmd.add_option("--since", options->since, "Every record from this date, instead of the latest ones")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_flag("--include-private", options->include_private,
               "Add your private notes, under their own heading (for you: never send that to the rep)");
  cmd.footer("Never shows private notes unless --include-private is given. See coach-share(1).");
  return [options](const Setup& setup) { return run_share(*options, setup); };
}

} // namespace coach::cli
