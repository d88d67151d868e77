#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <coach/chunked_sequence.hpp>

using coach::ChunkedSequence;

TEST_CASE("a chunked sequence keeps every value in order across its chunks") {
  ChunkedSequence<uint32_t> ids;
  const size_t count = 2 * ChunkedSequence<uint32_t>::chunk_size + 3; // two chunks full, a third begun
  for (size_t i = 0; i < count; ++i) ids.push_back(static_cast<uint32_t>(i * 7));
  CHECK(ids.size() == count);
  CHECK(ids[0] == 0);
  CHECK(ids[ChunkedSequence<uint32_t>::chunk_size - 1] == (ChunkedSequence<uint32_t>::chunk_size - 1) * 7);
  CHECK(ids[ChunkedSequence<uint32_t>::chunk_size] == ChunkedSequence<uint32_t>::chunk_size * 7);
  CHECK(ids[count - 1] == (count - 1) * 7);
  size_t seen = 0;
  bool in_order = true;
  ids.for_each([&](uint32_t id) { in_order = in_order && id == seen++ * 7; });
  CHECK(seen == count);
  CHECK(in_order);
}

TEST_CASE("a chunked sequence appends another's values after its own and gives them all back once") {
  ChunkedSequence<std::string> first;
  ChunkedSequence<std::string> later;
  const size_t chunk = ChunkedSequence<std::string>::chunk_size;
  for (size_t i = 0; i < chunk + 1; ++i) first.push_back("first " + std::to_string(i)); // a chunk and one
  for (size_t i = 0; i < chunk; ++i) later.push_back("later " + std::to_string(i) + std::string(20, 'x'));
  first.append(std::move(later));
  CHECK(later.size() == 0);
  REQUIRE(first.size() == 2 * chunk + 1);
  CHECK(first[chunk] == "first " + std::to_string(chunk));
  CHECK(first[chunk + 1] == "later 0" + std::string(20, 'x'));
  const std::vector<std::string> all = first.take();
  CHECK(first.size() == 0);
  REQUIRE(all.size() == 2 * chunk + 1);
  CHECK(all.front() == "first 0");
  CHECK(all.back() == "later " + std::to_string(chunk - 1) + std::string(20, 'x'));
  CHECK(first.take().empty());
}

TEST_CASE("chunked_sequence: a range-for reads the values in order, across chunks") {
  ChunkedSequence<uint32_t> values;
  CHECK(values.empty());
  CHECK(values.begin() == values.end());
  const size_t count = 2 * ChunkedSequence<uint32_t>::chunk_size + 3;
  for (size_t i = 0; i < count; ++i) values.push_back(static_cast<uint32_t>(i * 3));
  CHECK_FALSE(values.empty());
  size_t seen = 0;
  size_t wrong = 0;
  for (const uint32_t v : values) wrong += v == seen++ * 3 ? 0 : 1;
  CHECK(seen == count);
  CHECK(wrong == 0);
  CHECK(std::distance(values.begin(), values.end()) == static_cast<std::ptrdiff_t>(count));
}

TEST_CASE("chunked_sequence::permute puts the value at order[k] at place k, across chunks") {
  SUBCASE("strings, fixed points and cycles") {
    ChunkedSequence<std::string> values;
    for (const char* v : {"a", "b", "c", "d", "e", "f"}) values.push_back(v);
    values.permute({2, 1, 0, 4, 5, 3}); // a 2-cycle, a fixed point, a 3-cycle
    std::vector<std::string> got;
    values.for_each([&](const std::string& v) { got.push_back(v); });
    CHECK(got == std::vector<std::string>{"c", "b", "a", "e", "f", "d"});
  }
  SUBCASE("more values than three chunks hold, in a shuffled order") {
    const size_t count = 3 * ChunkedSequence<uint64_t>::chunk_size + 17;
    ChunkedSequence<uint64_t> values;
    for (size_t i = 0; i < count; ++i) values.push_back(i * 7 + 1);
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t{0});
    std::mt19937_64 random(42);
    std::shuffle(order.begin(), order.end(), random);
    values.permute(order);
    REQUIRE(values.size() == count);
    std::vector<uint32_t> narrow(order.begin(), order.end()); // the inverse order, as 32-bit positions
    for (size_t k = 0; k < count; ++k) narrow[order[k]] = static_cast<uint32_t>(k);
    ChunkedSequence<uint64_t> back = values;
    back.permute(narrow);
    size_t unsorted = 0;
    for (size_t k = 0; k < count; ++k) unsorted += back[k] == k * 7 + 1 ? 0 : 1;
    CHECK(unsorted == 0);
    size_t wrong = 0;
    for (size_t k = 0; k < count; ++k) wrong += values[k] == order[k] * 7 + 1 ? 0 : 1;
    CHECK(wrong == 0);
  }
}
