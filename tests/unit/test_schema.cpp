#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include <fmt/format.h>

#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/schema.hpp>
#include <coach/settings.hpp>
#include <coach/text.hpp>

using namespace coach;

namespace {

// Values that YAML readers get wrong when a writer does not quote them.
const std::vector<std::string> awkward_words{"yes",
                                             "No",
                                             "007",
                                             "1e3",
                                             "~",
                                             "null",
                                             "- dash",
                                             "key: value",
                                             "# hash",
                                             "'single'",
                                             "\"double\"",
                                             "trailing:",
                                             "[flow]",
                                             "{map}",
                                             "&anchor",
                                             "*alias",
                                             "!tag",
                                             "%percent",
                                             "@at",
                                             "`tick`",
                                             "café",
                                             "日本",
                                             "a\\b",
                                             "tab\there",
                                             " leading space",
                                             "trailing space ",
                                             "1on1",
                                             "0x1E",
                                             "+30",
                                             "2026-11-30"};

class Generator {
public:
  explicit Generator(unsigned seed) : m_rng(seed) {}

  size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(m_rng); }
  bool coin() { return below(2) == 0; }

  std::string line() {
    std::string out;
    const size_t words = 1 + below(4);
    for (size_t i = 0; i < words; ++i) {
      if (i > 0) out += ' ';
      out += coin() ? awkward_words[below(awkward_words.size())] : fmt::format("word{}", below(1000));
    }
    return std::string(trim(out)).empty() ? "x" : out;
  }

  std::string notes() {
    std::string out;
    const size_t lines = 1 + below(4);
    for (size_t i = 0; i < lines; ++i) out += (below(5) == 0 ? std::string() : line()) + "\n";
    return std::string(trim(out)).empty() ? "x\n" : out;
  }

  Date date() { return Date::parse_iso("2020-01-01")->plus_days(static_cast<int>(below(2500))); }

  FieldValue value(const FieldSpec& spec) {
    switch (spec.type) {
    case FieldType::text: return line();
    case FieldType::notes: return notes();
    case FieldType::text_list: {
      std::vector<std::string> items;
      for (size_t i = 0, n = 1 + below(3); i < n; ++i) items.push_back(line());
      return items;
    }
    case FieldType::minutes: return static_cast<int>(below(24 * 60 + 1));
    case FieldType::rating: return static_cast<int>(1 + below(5));
    case FieldType::date: return date();
    case FieldType::choice: return std::string(spec.choices[below(spec.choices.size())]);
    case FieldType::skill_ratings: {
      std::vector<SkillRating> ratings;
      for (size_t i = 0, n = 1 + below(4); i < n; ++i)
        ratings.push_back({fmt::format("skill-{}", i), 1 + int(below(5))});
      if (coin()) ratings.push_back({awkward_words[below(awkward_words.size())], 3}); // keys that need quotes
      return ratings;
    }
    case FieldType::skill_texts: {
      std::vector<SkillText> texts;
      for (size_t i = 0, n = 1 + below(4); i < n; ++i) texts.push_back({fmt::format("skill-{}", i), line()});
      return texts;
    }
    case FieldType::promises:
    case FieldType::goals: break;
    }
    return std::string("unreachable");
  }

  Record record(const KindSpec& kind, size_t number) {
    Record record;
    record.kind = std::string(kind.kind);
    record.id = fmt::format("r{:05d}", number);
    record.date = date();
    for (const FieldSpec& spec : kind.fields) {
      if (spec.type == FieldType::promises || spec.type == FieldType::goals) {
        for (size_t i = 0, n = below(3); i < n; ++i) {
          Promise promise;
          promise.id = fmt::format("p{:05d}{}{}", number, i, spec.key);
          promise.owner = coin() ? Owner::manager : Owner::rep;
          promise.text = line();
          promise.due = record.date.plus_days(static_cast<int>(below(30)));
          promise.goal = spec.type == FieldType::goals;
          if (kind.kind == kind::team_meeting && coin()) promise.rep = "tyler-nguyen";
          record.promises.push_back(std::move(promise));
        }
      } else if (spec.required || coin()) {
        record.fields.set(spec, value(spec));
      }
    }
    return record;
  }

private:
  std::mt19937 m_rng;
};

} // namespace

TEST_CASE("schema::every field of every kind reads back as written, and through the cache") {
  Generator gen(20261130);
  size_t number = 0;
  std::set<std::string_view> types_seen;
  for (const KindSpec& kind : record_kinds()) {
    for (int round = 0; round < 60; ++round) {
      Rep rep;
      rep.id = "bo";
      rep.name = "Bo Diaz";
      std::string text = render_new_rep_file(rep);
      for (int i = 0; i < 3; ++i) {
        Record record = gen.record(kind, ++number);
        for (const auto& f : record.fields.all()) types_seen.insert(f.spec().key);
        text += render_record(record, 2);
        rep.records.push_back(std::move(record));
      }
      CAPTURE(text);
      const Rep back = read_rep(parse_yaml("reps/bo.yaml", text));
      REQUIRE(back.records.size() == rep.records.size());
      for (size_t i = 0; i < rep.records.size(); ++i) CHECK(back.records[i] == rep.records[i]);
      const auto cached = deserialize_rep(serialize_rep(back));
      REQUIRE(cached.has_value());
      CHECK(*cached == back);
    }
  }
  // Every field of every kind was written at least once.
  for (const KindSpec& kind : record_kinds()) {
    for (const FieldSpec& spec : kind.fields) {
      if (spec.type != FieldType::promises && spec.type != FieldType::goals) CHECK(types_seen.count(spec.key) == 1);
    }
  }
}

TEST_CASE("schema::kinds and fields are well formed") {
  REQUIRE_FALSE(record_kinds().empty());
  CHECK(record_kinds().front().kind == "1on1");
  std::set<std::string_view> kinds;
  for (const KindSpec& kind : record_kinds()) {
    CAPTURE(kind.kind);
    CHECK(kinds.insert(kind.kind).second);
    CHECK(find_kind(kind.kind) == &kind);
    std::set<std::string_view> keys;
    std::set<int> ranks;
    for (const FieldSpec& spec : kind.fields) {
      CAPTURE(spec.key);
      CHECK(keys.insert(spec.key).second);
      CHECK_FALSE(spec.json_name.empty());
      for (std::string_view header : header_keys) {
        if (header != "promises") CHECK(spec.key != header);
      }
      if (spec.template_rank > 0) {
        CHECK(ranks.insert(spec.template_rank).second);
        CHECK(spec.template_text.substr(0, spec.key.size() + 1) == fmt::format("{}:", spec.key));
      }
    }
  }
  CHECK(find_kind("joint-call-from-the-future") == nullptr);
  CHECK(schema_fingerprint() == schema_fingerprint());
}

TEST_CASE("schema::every kind with notes has private notes, right after them in the template") {
  int with_notes = 0;
  for (const KindSpec& kind : record_kinds()) {
    CAPTURE(kind.kind);
    const FieldSpec* notes = kind.field(field::notes);
    const FieldSpec* private_notes = kind.field(field::private_notes);
    if (!notes) {
      CHECK_FALSE(private_notes);
      continue;
    }
    ++with_notes;
    REQUIRE(private_notes);
    CHECK(is_private(*private_notes));
    CHECK_FALSE(is_private(*notes));
    CHECK(private_notes->type == FieldType::notes);
    CHECK(private_notes->json_name == "private");
    CHECK(private_notes->part == FieldPart::main); // a joint call takes it with its plan or its feedback
    CHECK(private_notes->template_text == "private:          # for you alone: never shared\n\n");
    const auto in_template = kind.template_fields();
    const auto at = std::find(in_template.begin(), in_template.end(), notes);
    REQUIRE(at + 1 < in_template.end());
    CHECK(*(at + 1) == private_notes);
  }
  CHECK(with_notes == 5); // 1:1, joint call, team meeting, career conversation, skills audit
}

TEST_CASE("schema::a record of a kind this version does not know keeps its keys") {
  const Rep rep = read_rep(parse_yaml("reps/bo.yaml", "name: Bo\nrecords:\n  - kind: ride-along\n    id: aaaaaa\n"
                                                      "    date: 2026-11-20\n    minutes: many\n    account: Acme\n"
                                                      "    promises:\n      - id: bbbbbb\n        owner: rep\n"
                                                      "        text: Call back\n"));
  REQUIRE(rep.records.size() == 1);
  const Record& record = rep.records[0];
  CHECK(record.spec() == nullptr);
  CHECK(record.fields.empty());
  REQUIRE(record.unknown_keys.size() == 2); // minutes is not checked: it is not this kind's
  CHECK(record.unknown_keys[0].name == "minutes");
  CHECK(record.unknown_keys[1].name == "account");
  CHECK(record.promises.size() == 1); // followups still sees its promises
}

TEST_CASE("schema::every key the lists call known is read, none is left unknown") {
  // The lists audit suggests from, against the readers: a key in a list that a
  // reader does not know (or the reverse) is drift.
  std::string rep_text = "id: bo\nname: Bo\nrole: AE\nstart: 2020-01-01\ntags: [a]\ncadence: 7\narchived: 2026-01-01\n"
                         "away:\n  - from: 2026-01-01\n    to: 2026-01-02\n    reason: x\nrecords:\n";
  Generator gen(1);
  for (const KindSpec& kind : record_kinds()) {
    Record record;
    record.kind = std::string(kind.kind);
    record.date = *Date::parse_iso("2026-01-01");
    for (const FieldSpec& spec : kind.fields) {
      if (spec.type != FieldType::promises && spec.type != FieldType::goals) record.fields.set(spec, gen.value(spec));
      if (spec.type == FieldType::goals) {
        Promise goal;
        goal.id = "gaaaaa";
        goal.owner = Owner::rep;
        goal.text = "Lead a demo";
        goal.goal = true;
        record.promises.push_back(goal);
      }
    }
    rep_text += render_record(record, 2);
    rep_text += "    promises:\n"
                "      - {id: aaaaaa, owner: rep, text: t, due: 2026-01-03, first_due: 2026-01-02, done: 2026-01-03, "
                "note: n}\n"
                "      - {owner: manager, rep: bo, text: t, dropped: 2026-01-02, reason: r}\n";
  }
  const auto rep_keys_seen = [&](std::span<const std::string_view> keys) {
    for (auto key : keys) {
      CAPTURE(key);
      CHECK(rep_text.find(fmt::format("{}:", key)) != std::string::npos);
    }
  };
  rep_keys_seen(rep_keys);
  rep_keys_seen(promise_keys);
  rep_keys_seen(period_keys);
  const Rep rep = read_rep(parse_yaml("reps/bo.yaml", rep_text));
  CHECK(rep.unknown_keys.empty());
  CHECK(rep.away.at(0).unknown_keys.empty());
  for (const Record& record : rep.records) {
    CAPTURE(record.kind);
    CHECK(record.unknown_keys.empty());
    for (const FieldSpec& spec : record.spec()->fields) {
      if (spec.type != FieldType::promises && spec.type != FieldType::goals) {
        CHECK(record.fields.find(spec.key) != nullptr);
      }
    }
    CHECK(record_keys(*record.spec()).size() >= 4);
    for (const Promise& promise : record.promises) CHECK(promise.unknown_keys.empty());
  }

  const std::string settings_text =
      "manager: M\nteam: T\nsince: 2026-11-02\npager: less\ngit:\n  commit: true\npolicy:\n  cadence: 7\n"
      "  grace: 2\n"
      "  tags:\n    new: 3\n  window: 84\n  promise_grace: 2\n  tenure_years: 5\n"
      "  away:\n    - from: 2026-12-24\n      to: 2026-12-26\n"
      "  activities:\n    joint-call: 30\n  index:\n    promises: 3\n"
      "skills:\n  call:\n    closing:\n      question: Q\n      assessed: observe\n";
  for (auto list : {std::span<const std::string_view>(settings_keys), std::span<const std::string_view>(policy_keys),
                    std::span<const std::string_view>(git_keys)}) {
    for (auto key : list) CHECK(settings_text.find(fmt::format("{}:", key)) != std::string::npos);
  }
  CHECK(read_settings(parse_yaml("coach.yaml", settings_text)).unknown_keys.empty());
}
