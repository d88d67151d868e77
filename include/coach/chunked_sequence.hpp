#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace coach {

/// A sequence grown in fixed chunks of 256 KB: appending never moves what is
/// stored, so growing never holds the old and the new room at once nor twice
/// the room needed (the audit's 1.3 million ids at 2,000 reps took 12 MB for
/// 5 while a doubling vector grew: its peak; 69,583 findings in one were a
/// third of it).
template <typename T>
class ChunkedSequence {
public:
  void push_back(T value) {
    if (m_size % chunk_size == 0) m_chunks.emplace_back().reserve(chunk_size);
    m_chunks.back().push_back(std::move(value));
    ++m_size;
  }
  const T& operator[](size_t i) const { return m_chunks[i / chunk_size][i % chunk_size]; }
  T& operator[](size_t i) { return m_chunks[i / chunk_size][i % chunk_size]; }
  size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }

  /// Reads the values in order, as a range-for does.
  class const_iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    const_iterator() = default;
    const_iterator(const ChunkedSequence* sequence, size_t at) : m_sequence(sequence), m_at(at) {}
    const T& operator*() const { return (*m_sequence)[m_at]; }
    const T* operator->() const { return &(*m_sequence)[m_at]; }
    const_iterator& operator++() {
      ++m_at;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++m_at;
      return before;
    }
    bool operator==(const const_iterator& other) const { return m_at == other.m_at; }

  private:
    const ChunkedSequence* m_sequence = nullptr;
    size_t m_at = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, m_size}; }
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const auto& chunk : m_chunks) {
      for (const T& value : chunk) visit(value);
    }
  }

  /// Puts the value at `order[k]` at place k, each moved once (a cycle at a
  /// time, one value aside): sorted in place, never a second copy of them all.
  /// `order` is a permutation of 0..size()-1, of size_t or a narrower index.
  template <typename Index = size_t>
  void permute(const std::vector<Index>& order) {
    std::vector<bool> placed(m_size, false);
    for (size_t start = 0; start < m_size; ++start) {
      if (placed[start]) continue;
      T aside = std::move((*this)[start]);
      size_t at = start;
      for (size_t from = order[at]; from != start; at = from, from = static_cast<size_t>(order[at])) {
        (*this)[at] = std::move((*this)[from]);
        placed[at] = true;
      }
      (*this)[at] = std::move(aside);
      placed[at] = true;
    }
  }

  /// `later`'s values after these, each moved once.
  void append(ChunkedSequence&& later) {
    for (auto& chunk : later.m_chunks) {
      for (T& value : chunk) push_back(std::move(value));
      chunk = {};
    }
    later = {};
  }

  /// Every value in one vector of their number, each chunk freed once emptied.
  std::vector<T> take() {
    std::vector<T> all;
    all.reserve(m_size);
    for (auto& chunk : m_chunks) {
      std::move(chunk.begin(), chunk.end(), std::back_inserter(all));
      chunk = {};
    }
    *this = {};
    return all;
  }

  /// How many values a chunk holds.
  static constexpr size_t chunk_size = std::max<size_t>(1, (size_t{256} << 10) / sizeof(T));

private:
  std::vector<std::vector<T>> m_chunks;
  size_t m_size = 0;
};

} // namespace coach
