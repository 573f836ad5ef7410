// Report: what a `show` command displays, as data. The show builders produce a Report; one
// printer lays it out in netsh's text layout (spec §1.6) and another as JSON for scripts, so the
// two can never disagree.
// Pure: no I/O, no globals, deterministic.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/types.h"

namespace hostwall::netsh {

struct Field {
  std::string label;
  std::string value;
};

struct Column {
  std::string header;
  size_t width = 0;  // 0 for the last column, which runs to the end of the line
};

struct Row {
  std::vector<std::string> cells;
  // The row's scope; netsh prints it under the row with verbose=ENABLE, JSON always has it.
  std::optional<std::string> scope;
};

struct Section {
  std::string title;  // without the trailing ':'; empty for an untitled block
  std::optional<model::Profile> profile;
  bool current = false;    // the profile is the current one: the title gets " (current)"
  std::string connection;  // set when the section is about one network connection
  size_t label_width = 34;
  std::vector<Field> fields;
  std::vector<Column> columns;  // empty: no table
  std::vector<Row> rows;
  std::string empty_text;          // printed instead of rows when there are none, if set
  std::vector<std::string> notes;  // raw lines after everything else
};

struct Report {
  std::vector<Section> sections;
  bool verbose = false;
};

// netsh's text: a blank line, then each section followed by a blank line.
std::string FormatText(const Report& report);
nlohmann::json FormatJson(const Report& report);

}  // namespace hostwall::netsh
