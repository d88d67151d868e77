#include <doctest/doctest.h>

#include <coach/csv.hpp>
#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/results_file.hpp>

#include "temp_dir.hpp"

using namespace coach;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

ResultsPeriod read(std::string_view text, std::function<bool(std::string_view)> known = {}) {
  return read_results_file(parse_yaml("results/2026-Q3.yaml", std::string(text)), known);
}

const char* const good_file = "# Sales results for 2026-Q3, from crm.csv (coach results import).\n"
                              "period: 2026-Q3\n"
                              "reps:\n"
                              "  priya:\n"
                              "    quota: 120000\n"
                              "    actual: 98500.5\n"
                              "    pipeline: \"310000\"\n"
                              "  sam:\n"
                              "    quota: 0\n"
                              "    actual: 0\n";

std::vector<ResultsRepName> team() {
  return {{"priya", "Priya Nair"}, {"sam", "Sam Lee"}, {"sam-kim", "Sam Kim"}, {"lee", "Sam Kim"}};
}

ResultsImport plan(std::string_view csv, ResultsImportOptions options = {}) {
  return plan_results_import("crm.csv", parse_csv("crm.csv", csv), options, team());
}

} // namespace

TEST_CASE("csv: fields, quotes, doubled quotes, CRLF, BOM, blank lines") {
  const auto rows = parse_csv("x.csv", "\xEF\xBB\xBFrep,note\r\n\r\npriya,\"a, \"\"b\"\"\nc\"\r\nsam,\n\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].line == 1);
  CHECK(rows[0].fields == std::vector<std::string>{"rep", "note"});
  CHECK(rows[1].line == 3);
  CHECK(rows[1].fields == std::vector<std::string>{"priya", "a, \"b\"\nc"});
  CHECK(rows[2].line == 5); // the quoted line break moved it down a line
  CHECK(rows[2].fields == std::vector<std::string>{"sam", ""});
  CHECK(parse_csv("x.csv", "a,b").front().fields == std::vector<std::string>{"a", "b"}); // no final line break
  CHECK(parse_csv("x.csv", "\"\"\n").size() == 1); // a quoted empty field is not a blank line
}

TEST_CASE("csv: each kind of bad input names file:line") {
  CHECK(error_of([] { parse_csv("x.csv", "a,b\n\"open,b\nc,d\n"); }) ==
        "x.csv:2: a quoted field is not closed by the end of the file; add the closing quote");
  CHECK(error_of([] { parse_csv("x.csv", "a,b\n\"q\"x,b\n"); }).starts_with("x.csv:2: text after the closing quote"));
  CHECK(error_of([] { parse_csv("x.csv", "a,b\nsay \"hi\",b\n"); }).starts_with("x.csv:2: a quote inside a field"));
  CHECK(error_of([] { parse_csv("x.csv", "a,b\rc,d\n"); }).starts_with("x.csv:1: a carriage return (CR) alone"));
  CHECK(error_of([] { parse_csv("x.csv", "a\nb\n\xff\n"); }) == "x.csv:3: not valid UTF-8; save the file as UTF-8");
  CHECK(error_of([] { parse_csv("x.csv", std::string("a\nb\0", 4)); }).starts_with("x.csv:2: a NUL byte"));
}

TEST_CASE("csv amounts: currency signs, thousands commas, decimals; anything else refused") {
  std::string problem;
  CHECK(parse_csv_amount("$120,000.50", &problem) == 120000.5);
  CHECK(parse_csv_amount(" \xE2\x82\xAC"
                         "1,234 ",
                         &problem) == 1234);
  CHECK(parse_csv_amount("98500\xC2\xA3", &problem) == 98500);
  CHECK(parse_csv_amount("0", &problem) == 0);
  CHECK(parse_csv_amount("1,000,000", &problem) == 1000000);
  for (const char* bad : {"", "-5", "$-5", "1,00", "1000,000", "12k", "1.2.3", ".5", "1e5", "USD 5", "$$5", "1,,000"}) {
    CAPTURE(bad);
    problem.clear();
    CHECK_FALSE(parse_csv_amount(bad, &problem));
    CHECK_FALSE(problem.empty());
  }
  CHECK(parse_csv_amount("120000.5000", &problem) == 120000.5); // trailing zeros are still cents
  CHECK(parse_csv_amount("0.001", &problem) == std::nullopt);
  CHECK(problem == "\"0.001\" has more than 2 decimals; an amount has at most 2 decimals (cents): round it in the "
                   "export");
  CHECK(parse_csv_amount("$1,234.567", &problem) == std::nullopt);
  CHECK(parse_csv_amount("-5", &problem) == std::nullopt);
  CHECK(problem == "\"-5\" is below 0; write 0 or more");
}

TEST_CASE("results file: amounts written plain, as few digits as read back the same") {
  CHECK(amount_text(120000) == "120000");
  CHECK(amount_text(98500.5) == "98500.5");
  CHECK(amount_text(0.1) == "0.1");
  CHECK(amount_text(123456789012.25) == "123456789012.25");
  CHECK(amount_display(1234567.5) == "1,234,567.50"); // as the report shows amounts
  CHECK(amount_display(0.05) == "0.05");
  CHECK(amount_display(1249.999) == "1,250");
  CHECK(amount_display(98500) == "98,500");
  CHECK(amount_display(500) == "500");
}

TEST_CASE("results file: extra column keys") {
  CHECK(extra_column_key("Pipeline") == "pipeline");
  CHECK(extra_column_key("Win Rate (%)") == "win_rate");
  CHECK(extra_column_key("  deals--closed  ") == "deals_closed");
  CHECK(extra_column_key("%%").empty());
}

TEST_CASE("results file: read") {
  const ResultsPeriod period = read(good_file);
  CHECK(period.label == "2026-Q3");
  CHECK(period.first.iso() == "2026-07-01");
  CHECK(period.last.iso() == "2026-09-30");
  REQUIRE(period.reps.size() == 2);
  CHECK(period.reps[0].rep_id == "priya");
  CHECK(period.reps[0].quota == 120000);
  CHECK(period.reps[0].actual == 98500.5);
  CHECK(period.reps[0].extra == std::vector<std::pair<std::string, std::string>>{{"pipeline", "310000"}});
  CHECK(period.reps[0].line == 4);
  CHECK(period.reps[1].quota == 0);
  CHECK(period.warnings.empty());
  const ResultsPeriod with_unknown = read(std::string(good_file) + "source: crm\n");
  REQUIRE(with_unknown.warnings.size() == 1);
  CHECK(with_unknown.warnings[0] == "results/2026-Q3.yaml:11:1: unknown key 'source' (kept; coach reads period: and "
                                    "reps:)");
}

TEST_CASE("results file: each kind of bad value names file:line:column") {
  const auto bad = [](std::string_view text) { return error_of([&] { read(text); }); };
  CHECK(bad("reps: {}\n") == "results/2026-Q3.yaml:1:1: no `period:`; a results file starts with period: 2026-Q3");
  CHECK(bad("period: 2026-13\n") ==
        "results/2026-Q3.yaml:1:9: period: \"2026-13\" is neither a month (2026-10) nor a quarter (2026-Q3)");
  CHECK(bad("period: 2026-Q2\n").starts_with("results/2026-Q3.yaml:1:9: period: 2026-Q2 in the file of 2026-Q3"));
  CHECK(bad("period: 2026-Q3\nreps:\n  priya:\n    quota: -5\n    actual: 1\n") ==
        "results/2026-Q3.yaml:4:12: quota: -5 is below 0; write 0 or more");
  CHECK(bad("period: 2026-Q3\nreps:\n  priya:\n    quota: 0120\n    actual: 1\n")
            .starts_with("results/2026-Q3.yaml:4:12: quota: \"0120\" is not a plain decimal number"));
  CHECK(bad("period: 2026-Q3\nreps:\n  priya:\n    quota: 120,000\n    actual: 1\n")
            .starts_with("results/2026-Q3.yaml:4:12: quota: \"120,000\" is not a plain decimal number"));
  CHECK(bad("period: 2026-Q3\nreps:\n  priya:\n    quota: \"5\"\n    actual: 1\n")
            .starts_with("results/2026-Q3.yaml:4:12: quota: expected a plain number"));
  CHECK(bad("period: 2026-Q3\nreps:\n  priya:\n    quota: 5\n") ==
        "results/2026-Q3.yaml:3:3: priya: no `actual:`; every rep has quota: and actual:");
  CHECK(bad("period: 2026-Q3\nreps:\n  priya:\n    quota: 5\n    actual: 1\n    deals: [1, 2]\n") ==
        "results/2026-Q3.yaml:6:12: deals: an extra column holds one text, not a list or map");
  CHECK(bad("period: 2026-Q3\nreps:\n  Priya!:\n    quota: 5\n    actual: 1\n")
            .starts_with("results/2026-Q3.yaml:3:3: reps: \"Priya!\" is not a rep id"));
  CHECK(bad("period: 2026-Q3\nreps: [priya]\n").starts_with("results/2026-Q3.yaml:2:7: reps: expected the reps"));
  const auto known = [](std::string_view id) { return id == "sam"; };
  CHECK(error_of([&] { read(good_file, known); }) ==
        "results/2026-Q3.yaml:4:3: reps: no rep 'priya' in reps/; add the rep (coach rep add) or remove this entry");
}

TEST_CASE("results file: a line break or control character in an extra column is refused") {
  for (const char* text : {"tab\there", "del\x7f", "nel\xC2\x85", "ls\xE2\x80\xA8", "ps\xE2\x80\xA9", "c1\xC2\x9B"}) {
    CAPTURE(text);
    CHECK_FALSE(extra_text_problem(text).empty());
  }
  CHECK(extra_text_problem("Zo\xC3\xAB, \xE2\x82\xAC"
                           "5 \xC2\xA0nbsp")
            .empty()); // é, €, NBSP are text
  const auto bad = [](std::string_view text) { return error_of([&] { read(text); }); };
  const std::string head = "period: 2026-Q3\nreps:\n  priya:\n    quota: 5\n    actual: 1\n";
  CHECK(bad(head + "    note: \"a\\tb\"\n") ==
        "results/2026-Q3.yaml:6:11: note: a control character; remove it from the export");
  CHECK(bad(head + "    note: \"a\\Lb\"\n").starts_with("results/2026-Q3.yaml:6:11: note: a line break;"));
  CHECK(bad(head + "    note: \"a\\x7fb\"\n").starts_with("results/2026-Q3.yaml:6:11: note: a control character"));
}

TEST_CASE("results file: written text reads back the same, hostile extra texts included") {
  ResultsPeriod period = *results_period_of("2026-10");
  SalesResult result;
  result.rep_id = "priya";
  result.quota = 120000.25;
  result.actual = 98500;
  for (const char* text : {"yes",      "007",  "#x",     "a: b",   "\"quoted\" 'and' single",
                           "~",        "null", "- item", "1e5",    "2026-10-01",
                           " padded ", "{x}",  "[1]",    "*alias", "!tag",
                           "%",        "@",    "`",      "|",      ">"}) {
    result.extra.emplace_back("k" + std::to_string(result.extra.size()), text);
  }
  result.extra.emplace_back("yes", "key that YAML 1.1 reads as true");
  period.reps.push_back(result);
  const std::string text = render_results_file(period, "crm\nexport.csv");
  CHECK(text.starts_with("# Sales results for 2026-10, from a CSV file (coach results import).\n"));
  const ResultsPeriod back = read_results_file(parse_yaml("results/2026-10.yaml", text));
  REQUIRE(back.reps.size() == 1);
  CHECK(back.reps[0].extra == result.extra);
  CHECK(back.reps[0].quota == result.quota);
  CHECK(back.reps[0].actual == result.actual);
}

TEST_CASE("results import: header, default columns, extras") {
  const auto import = plan("Rep,Period,Quota,Actual,Pipeline,Win Rate (%)\n"
                           "priya,2026-q3,\"$120,000.50\",98500,310000,41\n"
                           "Sam Lee,2026-10,1000,1200,,\n");
  CHECK(import.problems.empty());
  REQUIRE(import.periods.size() == 2);
  CHECK(import.periods[0].label == "2026-Q3"); // oldest first: July beats October
  CHECK(import.periods[1].label == "2026-10");
  const SalesResult& priya = import.periods[0].reps.at(0);
  CHECK(priya.rep_id == "priya");
  CHECK(priya.quota == 120000.5);
  CHECK(priya.extra == std::vector<std::pair<std::string, std::string>>{{"pipeline", "310000"}, {"win_rate", "41"}});
  const SalesResult& sam = import.periods[1].reps.at(0);
  CHECK(sam.rep_id == "sam"); // by name, any case
  CHECK(sam.extra.empty());   // empty cells are left out
}

TEST_CASE("results import: --map and --period") {
  ResultsImportOptions options;
  options.period = "2026-Q4";
  options.columns = {{"rep", "Account Owner"}, {"actual", "Closed Won"}};
  const auto import = plan("Account Owner,Quota,Closed Won\nPRIYA,10,20\n", options);
  REQUIRE(import.periods.size() == 1);
  CHECK(import.periods[0].label == "2026-Q4");
  CHECK(import.periods[0].reps.at(0).actual == 20);
  CHECK(import.periods[0].reps.at(0).extra.empty()); // mapped columns are fields, not extras
}

TEST_CASE("results import: options that do not fit the header are usage errors") {
  const auto code_of = [](const std::string& csv, const ResultsImportOptions& options) {
    try {
      plan(csv, options);
    } catch (const Error& e) {
      return e.code();
    }
    return ExitCode::ok;
  };
  ResultsImportOptions none;
  ResultsImportOptions with_period;
  with_period.period = "2026-10";
  ResultsImportOptions bad_field;
  bad_field.columns = {{"owner", "x"}};
  ResultsImportOptions bad_column;
  bad_column.columns = {{"rep", "Owner"}};
  ResultsImportOptions bad_period;
  bad_period.period = "Q3";
  CHECK(code_of("rep,quota,actual\npriya,1,1\n", none) == ExitCode::usage);                       // no period at all
  CHECK(code_of("rep,period,quota,actual\npriya,2026-10,1,1\n", with_period) == ExitCode::usage); // both
  CHECK(code_of("rep,period,quota,actual\n", bad_field) == ExitCode::usage);
  CHECK(code_of("rep,period,quota,actual\n", bad_column) == ExitCode::usage);
  CHECK(code_of("rep,quota,actual\n", bad_period) == ExitCode::usage);
  CHECK(
      error_of([] { plan("owner,period,quota,actual\n"); }) ==
      "crm.csv:1: no column \"rep\" in the header (its columns: \"owner\", \"period\", \"quota\", \"actual\"); name a "
      "column rep or give --map rep=COLUMN");
  CHECK(error_of([] { plan("rep,period,quota,actual,Deal size,deal-size\n"); }) ==
        "crm.csv:1: column 6 (\"deal-size\"): kept as 'deal_size', as column \"Deal size\" is; rename one of them");
  CHECK(error_of([] { plan(""); }).starts_with("crm.csv:1: no header"));
}

TEST_CASE("results import: every bad row named with its line, good rows kept out of nothing") {
  const auto import = plan("rep,period,quota,actual,note\n"
                           "priya,2026-10,100,90,ok\n"
                           "nobody,2026-10,100,90,\n"
                           "sam kim,2026-10,100,90,\n"
                           "sam,2026-13,100,90,\n"
                           "sam,2026-10,-1,90,\n"
                           "sam,2026-10,100,12k,\n"
                           "sam,2026-10,100\n"
                           "sam,2026-10,100,90,\"two\nlines\"\n"
                           "priya,2026-10,1,1,\n");
  REQUIRE(import.problems.size() == 8);
  CHECK(import.problems[0].starts_with("crm.csv:3: rep: no rep \"nobody\""));
  CHECK(import.problems[1] == "crm.csv:4: rep: \"sam kim\" is the name of 2 reps (lee, sam-kim); give the id instead");
  CHECK(import.problems[2] == "crm.csv:5: period: \"2026-13\" is neither a month (2026-10) nor a quarter (2026-Q3)");
  CHECK(import.problems[3] == "crm.csv:6: quota: \"-1\" is below 0; write 0 or more");
  CHECK(import.problems[4].starts_with("crm.csv:7: actual: \"12k\" is not an amount"));
  CHECK(import.problems[5] == "crm.csv:8: 3 fields, the header has 5; quote a field that holds a comma");
  CHECK(import.problems[6].starts_with("crm.csv:9: note: a line break"));
  CHECK(import.problems[7] == "crm.csv:11: priya for 2026-10 again (first on line 2); keep one row per rep and period");
  CHECK(plan("rep,period,quota,actual\n").problems == std::vector<std::string>{"crm.csv:1: a header and no rows; "
                                                                               "nothing to import"});
}

TEST_CASE("results import: the change a re-import makes") {
  ResultsPeriod before = *results_period_of("2026-Q3");
  before.reps = {{"priya", 100000, 98000, {{"pipeline", "1"}}, 4}, {"lee", 1, 1, {}, 8}};
  ResultsPeriod after = *results_period_of("2026-Q3");
  after.reps = {{"priya", 100000, 98500, {{"pipeline", "2"}}, 0}, {"sam", 5, 5, {}, 0}};
  CHECK(describe_results_change(nullptr, after) == "2 reps (new)");
  CHECK(describe_results_change(&before, after) ==
        "priya actual 98,000 -> 98,500; priya pipeline \"1\" -> \"2\"; sam added; lee removed");
  CHECK(describe_results_change(&after, after) == "unchanged");
}

TEST_CASE("data dir: results files loaded, written all or none, unreadable ones reported") {
  coach::testing::TempDir temp;
  const fs::path root = temp.path() / "team";
  init_data_dir(root, "Dana", "West");
  write_file_atomic(root / "reps" / "priya.yaml", "id: priya\nname: Priya Nair\nrecords: []\n");
  const DataDir dir(root);
  CHECK(dir.load_results().empty());
  ResultsPeriod october = *results_period_of("2026-10");
  october.reps = {{"priya", 100, 90, {{"note", "yes"}}, 0}};
  ResultsPeriod q3 = *results_period_of("2026-Q3");
  q3.reps = {{"priya", 300, 310, {}, 0}};
  std::vector<std::string> committed;
  const auto changes = dir.write_results({q3, october}, "crm.csv", false,
                                         [&](const std::vector<std::string>& files) { committed = files; });
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].what == "1 rep (new)");
  CHECK(committed == std::vector<std::string>{"results/2026-Q3.yaml", "results/2026-10.yaml"});
  const auto loaded = dir.load_results();
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].label == "2026-Q3");
  CHECK(loaded[1].reps.at(0).extra == october.reps[0].extra);
  CHECK(loaded[1].path == (root / "results" / "2026-10.yaml").lexically_normal().string());
  // Written again unchanged: nothing to commit, the file's text is left alone.
  committed.clear();
  CHECK(dir.write_results({october}, "other.csv", false, [&](const auto& files) { committed = files; })[0].what ==
        "unchanged");
  CHECK(committed.empty());
  // A dry run writes nothing.
  october.reps[0].actual = 95;
  CHECK(dir.write_results({october}, "crm.csv", true, {})[0].what == "priya actual 90 -> 95");
  CHECK(dir.load_results()[1].reps.at(0).actual == 90);
  // A file that cannot be read is a failure, not the end, when failures are asked for.
  write_file_atomic(root / "results" / "2026-11.yaml",
                    "period: 2026-11\nreps:\n  nobody:\n    quota: 1\n    actual: 1\n");
  write_file_atomic(root / "results" / "notes.yaml", "anything: [\n"); // not a period's file: left alone
  std::vector<LoadFailure> failures;
  CHECK(dir.load_results(&failures).size() == 2);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].code == ExitCode::data);
  CHECK(failures[0].message.find("2026-11.yaml:3:3: reps: no rep 'nobody' in reps/") != std::string::npos);
  CHECK_THROWS_AS(dir.load_results(), Error);
  // A results file that is a symbolic link is not replaced by the rename.
  fs::create_symlink("2026-10.yaml", root / "results" / "2026-12.yaml");
  ResultsPeriod december = *results_period_of("2026-12");
  december.reps = october.reps;
  CHECK_THROWS_AS(dir.write_results({october, december}, "crm.csv", false, {}), Error);
  CHECK(fs::is_symlink(root / "results" / "2026-12.yaml"));
  fs::remove(root / "results" / "2026-12.yaml");
  // An old file that cannot be read stops an import before anything is written.
  write_file_atomic(root / "results" / "2026-Q3.yaml", "period: [\n");
  CHECK_THROWS_AS(dir.write_results({october, q3}, "crm.csv", false, {}), Error);
  const auto left = dir.load_results(&failures);
  REQUIRE(left.size() == 1);
  CHECK(left[0].label == "2026-10");
  CHECK(left[0].reps.at(0).actual == 90);
}
