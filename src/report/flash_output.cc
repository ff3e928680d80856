#include "report/flash_output.h"

#include <array>
#include <functional>
#include <utility>
#include <vector>

#include "core/csv.h"
#include "report/workbook.h"

namespace sanad::report {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kHxlTags{{
    {"date", "#date"},
    {"date_end", "#date+end"},
    {"crossing_point", "#loc+name+crossing"},
    {"mode", "#category+mode"},
    {"destination_province", "#adm1+name+dest"},
    {"households", "#affected+returnees+hh"},
    {"individuals", "#affected+returnees+ind"},
    {"female", "#affected+returnees+f"},
    {"male", "#affected+returnees+m"},
    {"age_0_4", "#affected+returnees+children+age0_4"},
    {"age_5_17", "#affected+returnees+children+age5_17"},
    {"age_18_59", "#affected+returnees+adults+age18_59"},
    {"age_60_plus", "#affected+returnees+elderly+age60_plus"},
    {"suppressed", "#meta+suppressed"},
    {"period", "#date+period"},
}};

json FigureJson(const Figure& figure) { return figure ? json(*figure) : json(nullptr); }

json RowJson(const FlashRow& row, bool with_destination) {
  json out;
  out["date"] = row.date.ToIso();
  out["date_end"] = row.date_end.ToIso();
  out["period"] = row.period;
  if (!row.crossing_point.empty()) out["crossing_point"] = row.crossing_point;
  if (row.mode) out["mode"] = ToString(*row.mode);
  if (with_destination || !row.destination_province.empty()) {
    out["destination_province"] = row.destination_province;
  }
  for (size_t m = 0; m < kMeasureCount; ++m) {
    out[std::string(MeasureName(m))] = FigureJson(row.figures[m]);
  }
  json suppressed = json::array();
  for (auto field : row.SuppressedFields()) suppressed.push_back(field);
  out["suppressed"] = std::move(suppressed);
  return out;
}

json RowsJson(const std::vector<FlashRow>& rows, bool with_destination) {
  json out = json::array();
  for (const auto& row : rows) out.push_back(RowJson(row, with_destination));
  return out;
}

std::vector<std::string_view> CsvColumns(bool with_destination) {
  std::vector<std::string_view> columns{"date", "date_end", "crossing_point", "mode"};
  if (with_destination) columns.push_back("destination_province");
  for (size_t m = 0; m < kMeasureCount; ++m) columns.push_back(MeasureName(m));
  columns.push_back("suppressed");
  return columns;
}

std::string ModeLabel(MovementMode mode) {
  switch (mode) {
    case MovementMode::kSpontaneous:
      return "Spontaneous";
    case MovementMode::kDeported:
      return "Deported";
    case MovementMode::kAssistedVoluntaryRepatriation:
      return "Assisted voluntary repatriation";
  }
  return "";
}

// The CSV field behind a workbook column title.
std::string_view FieldOf(std::string_view title) {
  if (title == "Crossing point") return "crossing_point";
  if (title == "Mode") return "mode";
  if (title == "Destination") return "destination_province";
  return title;
}

// One table: a header row (and its HXL row), then the rows; returns the next
// free row.
lxw_row_t WriteTable(const Workbook& book, lxw_worksheet* sheet, lxw_row_t row,
                     const std::vector<FlashRow>& rows, std::string_view label_header,
                     bool with_tags, const std::function<std::string(const FlashRow&)>& label,
                     const std::vector<std::string_view>& extra_columns = {}) {
  const WorkbookFormats& f = book.formats();
  lxw_col_t col = 0;
  std::vector<std::string_view> columns{label_header};
  columns.insert(columns.end(), extra_columns.begin(), extra_columns.end());
  const std::array<const char*, kMeasureCount> titles = {
      "Households", "Individuals", "Female", "Male", "Age 0-4", "Age 5-17", "Age 18-59", "Age 60+"};
  for (auto c : columns)
    worksheet_write_string(sheet, row, col++, std::string(c).c_str(), f.header);
  for (const char* t : titles) worksheet_write_string(sheet, row, col++, t, f.header);
  ++row;
  if (with_tags) {
    col = 0;
    worksheet_write_string(sheet, row, col++, "#date", f.tag);
    for (auto c : extra_columns) {
      worksheet_write_string(sheet, row, col++, std::string(HxlTag(FieldOf(c))).c_str(), f.tag);
    }
    for (size_t m = 0; m < kMeasureCount; ++m) {
      worksheet_write_string(sheet, row, col++, std::string(HxlTag(MeasureName(m))).c_str(), f.tag);
    }
    ++row;
  }
  for (const auto& r : rows) {
    col = 0;
    worksheet_write_string(sheet, row, col++, label(r).c_str(), nullptr);
    for (auto c : extra_columns) {
      std::string text;
      if (FieldOf(c) == "crossing_point") text = r.crossing_point;
      if (FieldOf(c) == "mode") text = r.mode ? ModeLabel(*r.mode) : "";
      if (FieldOf(c) == "destination_province") text = r.destination_province;
      worksheet_write_string(sheet, row, col++, text.c_str(), nullptr);
    }
    for (size_t m = 0; m < kMeasureCount; ++m) book.WriteFigure(sheet, row, col++, r.figures[m]);
    ++row;
  }
  return row;
}

std::string PeriodWord(Period by) {
  switch (by) {
    case Period::kDay:
      return "Daily";
    case Period::kWeek:
      return "Weekly";
    case Period::kMonth:
      return "Monthly";
  }
  return "Daily";
}

json PyramidJson(const AgeSexPyramid& p) {
  json out;
  out["shows"] = "registered_flows";
  out["age_bands"] = kAgeBandLabels;
  const char* sexes[] = {"female", "male"};
  for (size_t s = 0; s < 2; ++s) {
    json cells = json::array();
    for (const auto& cell : p.cells[s]) cells.push_back(FigureJson(cell));
    out[sexes[s]] = std::move(cells);
    out[std::string(sexes[s]) + "_total"] = FigureJson(p.by_sex[s]);
  }
  json by_age = json::array();
  for (const auto& cell : p.by_age) by_age.push_back(FigureJson(cell));
  out["by_age"] = std::move(by_age);
  out["total"] = FigureJson(p.total);
  out["suppressed"] = p.suppressed;
  return out;
}

}  // namespace

std::string_view HxlTag(std::string_view column) {
  for (const auto& [name, tag] : kHxlTags) {
    if (name == column) return tag;
  }
  return {};
}

json FlashToJson(const FlashReport& report) {
  const FlashOptions& o = report.options;
  json out;
  out["report"] = "flash";
  out["from"] = o.from.ToIso();
  out["to"] = o.to.ToIso();
  out["by"] = ToString(o.by);
  out["direction"] = ToString(o.direction);
  out["by_destination"] = o.by_destination;
  out["disclosure_control"] = {{"applied", o.disclosure_control},
                               {"k", o.k},
                               {"cells", report.cells},
                               {"primary_suppressed", report.primary_suppressed},
                               {"secondary_suppressed", report.secondary_suppressed}};
  out["rows"] = RowsJson(report.rows, o.by_destination);
  json totals;
  totals["by_period"] = RowsJson(report.by_period, false);
  totals["by_crossing_point"] = RowsJson(report.by_crossing_point, false);
  totals["by_mode"] = RowsJson(report.by_mode, false);
  totals["by_destination"] = RowsJson(report.by_destination, false);
  totals["total"] = RowJson(report.total, false);
  totals["previous_period"] = RowJson(report.previous, false);
  totals["cumulative"] = report.cumulative ? RowJson(*report.cumulative, false) : json(nullptr);
  out["totals"] = std::move(totals);
  out["deported_share"] = report.deported_share ? json(*report.deported_share) : json(nullptr);
  out["pyramid"] = PyramidJson(report.pyramid);
  out["change_from_previous"] = {
      {"individuals", report.change_individuals ? json(*report.change_individuals) : json(nullptr)},
      {"percent", report.change_percent ? json(*report.change_percent) : json(nullptr)}};
  return out;
}

std::string FlashToHxlCsv(const FlashReport& report) {
  const bool with_destination = report.options.by_destination;
  const auto columns = CsvColumns(with_destination);
  std::vector<std::string_view> tags;
  for (auto column : columns) tags.push_back(HxlTag(column));
  std::string out;
  AppendCsvLine(&out, columns);
  AppendCsvLine(&out, tags);
  for (const auto& row : report.rows) {
    out += row.date.ToIso();
    out += ',';
    out += row.date_end.ToIso();
    out += ',';
    AppendCsvField(&out, row.crossing_point);
    out += ',';
    AppendCsvField(&out, row.mode ? ToString(*row.mode) : "");
    if (with_destination) {
      out += ',';
      AppendCsvField(&out, row.destination_province);
    }
    for (size_t m = 0; m < kMeasureCount; ++m) {
      out += ',';
      if (row.figures[m]) out += std::to_string(*row.figures[m]);
    }
    out += ',';
    AppendCsvField(&out, JoinWords(row.SuppressedFields()));
    out += '\n';
  }
  return out;
}

std::string ChangeFromPreviousText(const FlashReport& report) {
  if (report.change_percent) return "";
  const Figure before = report.previous.figures[kIndividuals];
  if (report.change_individuals && before && *before == 0) {
    return "not computed: no one crossed in the previous period";
  }
  return "x";
}

std::string DeportedShareText(const FlashReport& report) {
  if (report.deported_share) return "";
  const Figure all = report.total.figures[kIndividuals];
  if (all && *all == 0) return "not computed: no one crossed in this period";
  return "x";
}

Status WriteFlashXlsx(const FlashReport& report, const std::string& path) {
  Workbook book(path);
  if (auto created = book.Created(); !created) return created;
  const WorkbookFormats& f = book.formats();
  const FlashOptions& o = report.options;
  const std::string range = o.from.ToIso() + " to " + o.to.ToIso();

  // Summary.
  lxw_worksheet* summary = book.Sheet("Summary");
  worksheet_set_column(summary, 0, 0, 34, nullptr);
  worksheet_set_column(summary, 1, 9, 13, nullptr);
  lxw_row_t row = 0;
  const std::string title = std::string("Returns flash update: ") +
                            (o.direction == Direction::kToAfghanistan ? "arrivals in Afghanistan"
                                                                      : "crossings to Pakistan");
  worksheet_write_string(summary, row++, 0, title.c_str(), f.title);
  worksheet_write_string(summary, row++, 0, ("Period: " + range).c_str(), nullptr);
  ++row;
  auto key_figure = [&](const char* label, const report::Figure& value, const std::string& note) {
    worksheet_write_string(summary, row, 0, label, f.bold);
    book.WriteFigure(summary, row, 1, value);
    if (!note.empty()) worksheet_write_string(summary, row, 2, note.c_str(), nullptr);
    ++row;
  };
  const auto& t = report.total.figures;
  key_figure("Individuals", t[kIndividuals], "");
  key_figure("Households", t[kHouseholds], "");
  key_figure("Female", t[kFemale], "");
  key_figure("Male", t[kMale], "");
  key_figure(
      "Children (0-17)",
      t[kAge0To4] && t[kAge5To17] ? report::Figure(*t[kAge0To4] + *t[kAge5To17]) : report::Figure{},
      "");
  key_figure("Elderly (60+)", t[kAge60Plus], "");
  // "x" only where a figure was withheld: a share or change that cannot be
  // computed says why in words.
  const auto not_a_number = [&](const std::string& text) {
    worksheet_write_string(summary, row++, 1, text.c_str(), text == "x" ? f.withheld : nullptr);
  };
  worksheet_write_string(summary, row, 0, "Deported share of individuals", f.bold);
  if (report.deported_share) {
    worksheet_write_number(summary, row++, 1, *report.deported_share, f.percent);
  } else {
    not_a_number(DeportedShareText(report));
  }
  key_figure("Previous period", report.previous.figures[kIndividuals],
             report.previous_from.ToIso() + " to " + report.previous_to.ToIso());
  worksheet_write_string(summary, row, 0, "Change from previous period", f.bold);
  if (report.change_percent) {
    worksheet_write_number(summary, row++, 1, *report.change_percent / 100.0, f.percent);
  } else {
    not_a_number(ChangeFromPreviousText(report));
  }
  if (report.cumulative) {
    key_figure("Cumulative", report.cumulative->figures[kIndividuals],
               "since " + report.cumulative->date.ToIso());
  }
  if (o.disclosure_control) {
    const std::string legend = "x: withheld to protect small groups (fewer than " +
                               std::to_string(o.k) + " people); see Notes.";
    worksheet_write_string(summary, row++, 0, legend.c_str(), f.tag);
  } else {
    worksheet_write_string(summary, row++, 0, "SMALL CELLS NOT SUPPRESSED: NOT FOR PUBLICATION",
                           f.title);
  }
  ++row;
  worksheet_write_string(summary, row++, 0, "By crossing point", f.bold);
  row = WriteTable(book, summary, row, report.by_crossing_point, "Crossing point", false,
                   [](const FlashRow& r) { return r.crossing_point; });
  ++row;
  worksheet_write_string(summary, row++, 0, "By mode of return", f.bold);
  row = WriteTable(book, summary, row, report.by_mode, "Mode", false,
                   [](const FlashRow& r) { return r.mode ? ModeLabel(*r.mode) : ""; });
  ++row;
  worksheet_write_string(summary, row++, 0, "By intended province", f.bold);
  row = WriteTable(book, summary, row, report.by_destination, "Province", false,
                   [](const FlashRow& r) { return r.destination_province; });
  ++row;
  worksheet_write_string(summary, row++, 0, "Registered flows by sex and age (age-sex pyramid)",
                         f.bold);
  {
    worksheet_write_string(summary, row, 0, "Age", f.bold);
    worksheet_write_string(summary, row, 1, "Female", f.bold);
    worksheet_write_string(summary, row++, 2, "Male", f.bold);
    for (size_t a = 0; a < kAgeBandCount; ++a) {
      worksheet_write_string(summary, row, 0, std::string(kAgeBandLabels[a]).c_str(), nullptr);
      book.WriteFigure(summary, row, 1, report.pyramid.cells[0][a]);
      book.WriteFigure(summary, row++, 2, report.pyramid.cells[1][a]);
    }
    worksheet_write_string(summary, row++, 0,
                           "Registered persons only: head-count tallies record sex and age apart.",
                           f.tag);
  }
  ++row;
  worksheet_write_string(summary, row++, 0, ("By " + std::string(ToString(o.by))).c_str(), f.bold);
  WriteTable(book, summary, row, report.by_period, "Period", false,
             [](const FlashRow& r) { return r.period; });

  // The table by period, with its HXL row.
  const std::string table_name = PeriodWord(o.by) + " flows";
  lxw_worksheet* table = book.Sheet(table_name.c_str());
  std::vector<std::string_view> extra{"Crossing point", "Mode"};
  if (o.by_destination) extra.push_back("Destination");
  worksheet_set_column(table, 0, 0, 12, nullptr);
  worksheet_set_column(table, 1, 1, 20, nullptr);
  worksheet_set_column(table, 2, 2, 28, nullptr);
  worksheet_set_column(table, 3, 12, 12, nullptr);
  WriteTable(
      book, table, 0, report.rows, "Date", true, [](const FlashRow& r) { return r.date.ToIso(); },
      extra);
  worksheet_freeze_panes(table, 2, 0);
  worksheet_repeat_rows(table, 0, 1);

  NotesSheet notes(book);
  notes.Add("Period", range + ", by " + std::string(ToString(o.by)) +
                          (o.by == Period::kWeek ? " (ISO 8601 weeks, Monday to Sunday)" : "") +
                          ".");
  notes.Add("Direction", std::string(ToString(o.direction)) + ".");
  notes.Add("Method",
            "Head counts recorded at crossing points (flow monitoring tallies) plus registered "
            "movements of registered households. A tally declares how many of its people were also "
            "registered; those are taken out of the registered movements of the same day, crossing "
            "point and mode, so each person is counted once.");
  if (o.disclosure_control) {
    notes.Add("Suppression",
              "Figures describing fewer than " + std::to_string(o.k) +
                  " people are withheld (x), and further figures are withheld so that none can be "
                  "worked out from the totals by subtraction or any other combination. " +
                  std::to_string(report.primary_suppressed) + " figures withheld as small, " +
                  std::to_string(report.secondary_suppressed) + " to protect them, of " +
                  std::to_string(report.cells) + ".");
  } else {
    notes.Add("Suppression", std::string(kUnsuppressedNote));
  }
  notes.Add("Previous period", report.previous_from.ToIso() + " to " + report.previous_to.ToIso() +
                                   ", the same number of days just before.");
  notes.Add("Age bands", "0-4, 5-17, 18-59, 60 and over. Children = 0-17.");
  notes.AddHxlAndSource("The table sheet carries HXL hashtags under its header (hxlstandard.org).");
  return book.Close();
}

Result<std::string> FlashToXlsx(const FlashReport& report) {
  return WorkbookBytes([&](const std::string& path) { return WriteFlashXlsx(report, path); });
}

}  // namespace sanad::report
