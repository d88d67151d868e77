#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace coach::cli {

/// A table of the report's figures, as rows of text; every format renders it
/// (report_render.cpp), so the sections in their own files look the same.
struct Grid {
  std::vector<std::string> headers;
  std::vector<bool> right; // right-aligned columns (numbers)
  std::vector<std::vector<std::string>> rows;
};

/// `total_row`: the last row is a total, in bold.
std::string render_grid_table(const Grid& grid, int width, bool color, bool total_row);
std::string render_grid_markdown(const Grid& grid);
std::string render_grid_html(const Grid& grid, bool total_row);
/// Text escaped for markdown, and for HTML text and attributes.
std::string markdown_text(std::string_view text);
std::string html_text(std::string_view text);

} // namespace coach::cli
