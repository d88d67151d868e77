#include <coach/ids.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <random>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace coach {

std::string new_record_id(const std::function<bool(std::string_view)>& taken) {
  static thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64{seed};
  }()};
  std::uniform_int_distribution<size_t> any(0, id_alphabet.size() - 1);
  std::uniform_int_distribution<size_t> letter(10, id_alphabet.size() - 1);
  for (;;) {
    std::string id;
    id += id_alphabet[letter(engine)];
    while (id.size() < id_length) {
      id += id_alphabet[any(engine)];
    }
    if (!taken(id)) {
      return id;
    }
  }
}

std::vector<uint32_t> fresh_record_ids(size_t count, const IdsInUse& in_use) {
  // Drawn first, then looked for all at once; one found in use (about one
  // draw in 500 at 2,000 reps of five years) is drawn again, and all are
  // looked for again.
  std::vector<uint32_t> drawn(count); // 0 is no id: an id starts with a letter
  std::vector<uint32_t> refused;
  const auto contains = [](const std::vector<uint32_t>& ids, uint32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  const auto draw = [&](uint32_t& slot) {
    slot = *pack_record_id(new_record_id([&](std::string_view candidate) {
      const uint32_t packed = *pack_record_id(candidate);
      return contains(refused, packed) || contains(drawn, packed);
    }));
  };
  for (auto& slot : drawn) draw(slot);
  for (auto taken = in_use(drawn); !taken.empty(); taken = in_use(drawn)) {
    refused.insert(refused.end(), taken.begin(), taken.end());
    for (auto& slot : drawn) {
      if (contains(taken, slot)) draw(slot);
    }
  }
  return drawn;
}

std::optional<uint32_t> pack_record_id(std::string_view text) {
  static constexpr auto digit_of = [] {
    std::array<int8_t, 256> table{};
    table.fill(-1);
    for (size_t i = 0; i < id_alphabet.size(); ++i)
      table[static_cast<unsigned char>(id_alphabet[i])] = static_cast<int8_t>(i);
    return table;
  }();
  if (text.size() != id_length) return std::nullopt;
  uint32_t packed = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const int8_t digit = digit_of[static_cast<unsigned char>(text[i])];
    if (digit < 0 || (i == 0 && digit < 10)) return std::nullopt;
    packed = packed * 32 + static_cast<uint32_t>(digit);
  }
  return packed;
}

std::vector<uint32_t> scan_record_ids(std::string_view text) {
  const auto is_id_char = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); };
  std::vector<uint32_t> ids;
  for (size_t at = text.find("id:"); at != std::string_view::npos; at = text.find("id:", at + 3)) {
    // A key of its own (`id:`, `- id:`, `{id:`), not the end of `paid:`.
    if (at > 0 && std::string_view(" \t\n\r-{,").find(text[at - 1]) == std::string_view::npos) continue;
    size_t start = at + 3;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
    if (start < text.size() && (text[start] == '"' || text[start] == '\'')) ++start;
    size_t end = start;
    while (end < text.size() && is_id_char(text[end])) ++end;
    // The whole value, not the start of `abcdefg` or `abcdef-x`.
    if (end < text.size() && std::string_view(" \t\n\r\"',}#").find(text[end]) == std::string_view::npos) continue;
    if (const auto packed = pack_record_id(text.substr(start, end - start))) ids.push_back(*packed);
  }
  return ids;
}

namespace {

// Whether each of the 64 bytes from `at` is a word byte ([0-9a-z]), as bit i
// for text[at + i]; bytes past the end are not. Branch-free, so a text of
// short words costs no mispredicted branch per word (SSE2 on x86-64, where
// it is always there; a table elsewhere).
uint64_t word_byte_mask(const unsigned char* bytes, size_t at, size_t size) {
  uint64_t mask = 0;
#if defined(__SSE2__)
  if (at + 64 <= size) {
    for (int part = 0; part < 4; ++part) {
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + at + 16 * part));
      // Signed compares: bytes of 0x80 and above are negative, below '0', so never word bytes.
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(chunk, _mm_set1_epi8('0' - 1)),
                                          _mm_cmplt_epi8(chunk, _mm_set1_epi8('9' + 1)));
      const __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(chunk, _mm_set1_epi8('a' - 1)),
                                          _mm_cmplt_epi8(chunk, _mm_set1_epi8('z' + 1)));
      const auto bits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(digit, lower)));
      mask |= static_cast<uint64_t>(bits) << (16 * part);
    }
    return mask;
  }
#endif
  static constexpr auto word_byte = [] {
    std::array<uint8_t, 256> table{};
    for (int c = '0'; c <= '9'; ++c) table[static_cast<size_t>(c)] = 1;
    for (int c = 'a'; c <= 'z'; ++c) table[static_cast<size_t>(c)] = 1;
    return table;
  }();
  const size_t end = std::min(size, at + 64);
  for (size_t i = at; i < end; ++i) mask |= static_cast<uint64_t>(word_byte[bytes[i]]) << (i - at);
  return mask;
}

// Calls `at_word(offset)` for the start of every whole run of exactly id_length
// word bytes in `text`, until it returns false. 64 bytes at a time: from the
// mask of word bytes (and the next 64's, for runs that cross), the starts of
// such runs are found with a few shifts; no other byte is looked at again.
template <class AtWord>
void for_each_id_word(std::string_view text, AtWord&& at_word) {
  static_assert(id_length < 64);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  uint64_t before = 0; // the last bit of the previous block's mask
  uint64_t mask = size == 0 ? 0 : word_byte_mask(bytes, 0, size);
  for (size_t at = 0; at < size; at += 64) {
    const uint64_t next = at + 64 < size ? word_byte_mask(bytes, at + 64, size) : 0;
    // Bit i of shifted(n): whether the byte n after byte at + i is a word byte.
    const auto shifted = [&](size_t n) { return (mask >> n) | (next << (64 - n)); };
    uint64_t run = mask;
    for (size_t n = 1; n < id_length; ++n) run &= shifted(n);
    uint64_t starts = run & ~shifted(id_length) & ~((mask << 1) | before);
    while (starts != 0) {
      const auto bit = static_cast<size_t>(__builtin_ctzll(starts));
      starts &= starts - 1;
      if (!at_word(at + bit)) return;
    }
    before = mask >> 63;
    mask = next;
  }
}

// A word's six bytes as one integer: a word is compared with the ids looked
// for without being packed (packing every six-letter word of 380 MB of notes
// was a seventh of a cold write's time).
uint64_t word_key(const char* word) {
  static_assert(id_length == 6);
  uint32_t head = 0;
  uint16_t tail = 0;
  std::memcpy(&head, word, 4);
  std::memcpy(&tail, word + 4, 2);
  return head | (uint64_t{tail} << 32);
}

// Calls `at_place(offset)` for each place in `text` where one of `ids` could
// start, until it returns false: where the id's first byte and its last are
// (16 places at a time with SSE2, where it is always there), so that a few
// ids are looked for in a long text without finding each word in it; the
// caller compares the rest.
template <class AtPlace>
void for_each_possible_start(std::string_view text, std::span<const std::string> ids, AtPlace&& at_place) {
  constexpr size_t last = id_length - 1;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t at = 0;
#if defined(__SSE2__)
  for (; at + 16 + last <= size; at += 16) {
    const __m128i firsts = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + at));
    const __m128i lasts = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + at + last));
    __m128i hits = _mm_setzero_si128();
    for (const auto& id : ids) {
      hits = _mm_or_si128(hits, _mm_and_si128(_mm_cmpeq_epi8(firsts, _mm_set1_epi8(id.front())),
                                              _mm_cmpeq_epi8(lasts, _mm_set1_epi8(id.back()))));
    }
    auto places = static_cast<uint32_t>(_mm_movemask_epi8(hits));
    while (places != 0) {
      const auto bit = static_cast<size_t>(__builtin_ctz(places));
      places &= places - 1;
      if (!at_place(at + bit)) return;
    }
  }
#endif
  for (; at + id_length <= size; ++at) {
    const bool possible = std::any_of(ids.begin(), ids.end(), [&](const std::string& id) {
      return text[at] == id.front() && text[at + last] == id.back();
    });
    if (possible && !at_place(at)) return;
  }
}

} // namespace

std::vector<uint32_t> find_id_words(std::string_view text, std::span<const uint32_t> wanted) {
  if (wanted.empty()) return {};
  std::vector<std::string> spelled;              // the wanted ids as text
  std::vector<std::pair<uint64_t, size_t>> keys; // a wanted id's word key and its place in `wanted`, by key
  for (size_t i = 0; i < wanted.size(); ++i) {
    spelled.push_back(unpack_record_id(wanted[i]));
    keys.emplace_back(word_key(spelled.back().data()), i);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<bool> found(wanted.size());
  size_t missing = wanted.size();
  // Marks the wanted id the id_length bytes at `at` spell, if any; false once every one is found.
  const auto look_at = [&](size_t at) {
    const uint64_t key = word_key(text.data() + at);
    auto match = std::lower_bound(keys.begin(), keys.end(), std::pair<uint64_t, size_t>{key, 0});
    for (; match != keys.end() && match->first == key; ++match) {
      if (!found[match->second]) --missing;
      found[match->second] = true;
    }
    return missing > 0;
  };
  if (wanted.size() <= 8) {
    // A write's few new ids: their places sifted first (a cold write at 2,000 reps searches 380 MB).
    const auto word_byte = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); };
    for_each_possible_start(text, spelled, [&](size_t at) {
      const bool whole = (at == 0 || !word_byte(text[at - 1])) &&
                         (at + id_length == text.size() || !word_byte(text[at + id_length]));
      return !whole || look_at(at);
    });
  } else {
    for_each_id_word(text, look_at); // many ids (a rep's, moved): most places would be possible
  }
  std::vector<uint32_t> in_text;
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (found[i]) in_text.push_back(wanted[i]);
  }
  return in_text;
}

bool is_record_id(std::string_view text) {
  return pack_record_id(text).has_value();
}

std::string unpack_record_id(uint32_t packed) {
  std::string id(id_length, ' ');
  for (size_t i = id_length; i-- > 0; packed /= 32) id[i] = id_alphabet[packed % 32];
  return id;
}

bool packed_id_starts_with(uint32_t packed, std::string_view prefix) {
  if (prefix.empty() || prefix.size() > id_length) return false;
  uint32_t wanted = 0;
  for (char c : prefix) {
    const auto digit = id_alphabet.find(c);
    if (digit == std::string_view::npos) return false;
    wanted = wanted * 32 + static_cast<uint32_t>(digit);
  }
  return packed >> (5 * (id_length - prefix.size())) == wanted;
}

namespace {

// Latin letters with diacritics fold to their base letter, so "Zoë" becomes "zoe".
std::string_view fold_latin(std::string_view utf8_char) {
  static const struct {
    std::string_view from;
    std::string_view to;
  } table[] = {
      {"à", "a"},  {"á", "a"}, {"â", "a"},  {"ã", "a"}, {"ä", "a"}, {"å", "a"}, {"æ", "ae"}, {"ç", "c"}, {"è", "e"},
      {"é", "e"},  {"ê", "e"}, {"ë", "e"},  {"ì", "i"}, {"í", "i"}, {"î", "i"}, {"ï", "i"},  {"ñ", "n"}, {"ò", "o"},
      {"ó", "o"},  {"ô", "o"}, {"õ", "o"},  {"ö", "o"}, {"ø", "o"}, {"ù", "u"}, {"ú", "u"},  {"û", "u"}, {"ü", "u"},
      {"ý", "y"},  {"ÿ", "y"}, {"ß", "ss"}, {"À", "a"}, {"Á", "a"}, {"Â", "a"}, {"Ã", "a"},  {"Ä", "a"}, {"Å", "a"},
      {"Æ", "ae"}, {"Ç", "c"}, {"È", "e"},  {"É", "e"}, {"Ê", "e"}, {"Ë", "e"}, {"Ì", "i"},  {"Í", "i"}, {"Î", "i"},
      {"Ï", "i"},  {"Ñ", "n"}, {"Ò", "o"},  {"Ó", "o"}, {"Ô", "o"}, {"Õ", "o"}, {"Ö", "o"},  {"Ø", "o"}, {"Ù", "u"},
      {"Ú", "u"},  {"Û", "u"}, {"Ü", "u"},  {"Ý", "y"}, {"ł", "l"}, {"Ł", "l"}, {"ś", "s"},  {"Ś", "s"}, {"ć", "c"},
      {"Ć", "c"},  {"ń", "n"}, {"ź", "z"},  {"ż", "z"}, {"Ż", "z"}, {"ą", "a"}, {"ę", "e"},  {"č", "c"}, {"š", "s"},
      {"ž", "z"},  {"Č", "c"}, {"Š", "s"},  {"Ž", "z"}, {"ř", "r"}, {"ğ", "g"}, {"ş", "s"},  {"ı", "i"},
  };
  for (const auto& entry : table) {
    if (entry.from == utf8_char) {
      return entry.to;
    }
  }
  return {};
}

} // namespace

std::string fold_for_search(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const std::string_view piece = text.substr(i, len);
    i += len;
    if (c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (auto folded = fold_latin(piece); !folded.empty()) {
      out += folded;
    } else {
      out += piece;
    }
  }
  return out;
}

std::string slugify(std::string_view name) {
  std::string slug;
  bool pending_dash = false;
  size_t i = 0;
  while (i < name.size()) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    size_t len = 1;
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    std::string_view piece = name.substr(i, len);
    i += len;
    if (c < 0x80) {
      if (std::isalnum(c)) {
        if (pending_dash && !slug.empty()) slug += '-';
        pending_dash = false;
        slug += static_cast<char>(std::tolower(c));
      } else if (c != '\'') {
        pending_dash = true; // apostrophes join: O'Brien gives obrien
      }
      continue;
    }
    if (auto folded = fold_latin(piece); !folded.empty()) {
      if (pending_dash && !slug.empty()) slug += '-';
      pending_dash = false;
      slug += folded;
    } else {
      pending_dash = true;
    }
  }
  if (slug.size() > 64) {
    slug.resize(64);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  return slug;
}

bool is_rep_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-') {
    return false;
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

} // namespace coach
