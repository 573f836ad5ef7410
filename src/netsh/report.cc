#include "netsh/report.h"

#include "core/text.h"

namespace hostwall::netsh {
namespace {

constexpr size_t kRuleWidth = 67;

std::string Cells(const std::vector<Column>& columns, const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size() && i < columns.size(); ++i) {
    line += columns[i].width == 0 ? cells[i] : PadRight(cells[i], columns[i].width);
  }
  return line;
}

std::vector<std::string> Headers(const std::vector<Column>& columns) {
  std::vector<std::string> headers;
  for (const Column& column : columns) headers.push_back(column.header);
  return headers;
}

// Names may hold anything a user typed; control characters would break the layout.
std::string Printable(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

}  // namespace

std::string FormatText(const Report& report) {
  std::string out = "\n";
  for (const Section& section : report.sections) {
    if (!section.title.empty()) {
      out += section.title + (section.current ? " (current)" : "") + ":\n";
      if (!section.columns.empty()) out += Cells(section.columns, Headers(section.columns)) + "\n";
      out += std::string(kRuleWidth, '-') + "\n";
    }
    for (const Field& field : section.fields) {
      out += PadRight(field.label, section.label_width) + "= " + Printable(field.value) + "\n";
    }
    for (const Row& row : section.rows) {
      out += Printable(Cells(section.columns, row.cells)) + "\n";
      if (report.verbose && row.scope) {
        out += std::string(section.columns.front().width, ' ') + "Scope: " + *row.scope + "\n";
      }
    }
    if (section.rows.empty() && !section.empty_text.empty()) out += section.empty_text + "\n";
    for (const std::string& note : section.notes) out += note + "\n";
    out += "\n";
  }
  return out;
}

nlohmann::json FormatJson(const Report& report) {
  nlohmann::json sections = nlohmann::json::array();
  for (const Section& section : report.sections) {
    nlohmann::json s;
    s["title"] = section.title;
    if (section.profile) {
      s["profile"] = model::ProfileName(*section.profile);
      s["current"] = section.current;
    }
    if (!section.connection.empty()) s["connection"] = section.connection;
    if (!section.fields.empty()) {
      nlohmann::json fields = nlohmann::json::object();
      for (const Field& field : section.fields) fields[field.label] = field.value;
      s["fields"] = std::move(fields);
    }
    if (!section.columns.empty()) {
      nlohmann::json rows = nlohmann::json::array();
      for (const Row& row : section.rows) {
        nlohmann::json r = nlohmann::json::object();
        for (size_t i = 0; i < row.cells.size() && i < section.columns.size(); ++i) {
          r[section.columns[i].header] = row.cells[i];
        }
        if (row.scope) r["Scope"] = *row.scope;
        rows.push_back(std::move(r));
      }
      s["rows"] = std::move(rows);
    }
    if (!section.notes.empty()) s["notes"] = section.notes;
    sections.push_back(std::move(s));
  }
  return {{"sections", std::move(sections)}};
}

}  // namespace hostwall::netsh
