#include <doctest/doctest.h>

#include <cstdint>
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
