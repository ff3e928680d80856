// Building the weekly protection-monitoring figures.
//
// Idea. Each fact (one person in one incident) falls in one row: the period
// holding its day (a month-only incident is dated on the 1st), its province,
// type and documentation category. A row counts persons, persons with a
// valid status, and distinct incidents. Every count of people becomes a cell
// of one DisclosureProblem: per row `persons` (published), `valid`
// (published) and `without` = persons - valid (unpublished: a reader must
// not work out how many had no valid status either); the same three for each
// period over all its rows, and for the whole range. Equations: persons =
// valid + without in every row and total; each period's three cells are
// the sums of its rows'; the range's the sums of the periods'.
//
// Invariants. A cell is sensitive when it counts 1..k-1 people. Suppress()
// makes sure no sensitive cell is derivable by any linear combination. One
// more thing a reader knows that linear algebra does not: every listed row
// holds at least one person. When the withheld parts of a published total
// number n >= 2 and sum to n, each is 1; such a total is then made sensitive
// and Suppress() runs again, until no such total is left. `incidents` is not
// a count of people and adds nothing a reader could subtract (an incident
// with persons in two documentation categories counts in both rows), so it
// is simply withheld with its row's `persons`.
//
// Cost. O(n) bucketing with a hash of packed keys, O(n log n) to count
// distinct incidents per row, O(r log r) to order the r rows, Suppress()
// over about 3r cells.
#include "report/incident_report.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>
#include <utility>

#include "core/csv.h"
#include "core/name_table.h"
#include "report/disclosure.h"
#include "report/workbook.h"

namespace sanad::report {
namespace {

constexpr int32_t kMaxRangeDays = 3 * 366;
constexpr int32_t kPeriodSlack = 31;  // a period may start up to a month before `from`

struct RowCounts {
  int64_t persons = 0;
  int64_t valid = 0;
  int64_t incidents = 0;
};

struct RowCells {
  size_t persons = 0;
  size_t valid = 0;
  size_t without = 0;
};

bool Small(int64_t value, int64_t k) { return value > 0 && value < k; }

RowCells AddCells(DisclosureProblem* p, const RowCounts& c, int64_t k) {
  RowCells cells;
  cells.persons = p->AddCell(c.persons, Small(c.persons, k));
  cells.valid = p->AddCell(c.valid, Small(c.valid, k));
  cells.without = p->AddCell(c.persons - c.valid, Small(c.persons - c.valid, k), false);
  p->AddEquation(cells.persons, {cells.valid, cells.without});
  return cells;
}

void AddSums(DisclosureProblem* p, const RowCells& total, const std::vector<const RowCells*>& parts,
             std::vector<DisclosureProblem::Equation>* persons_sums) {
  std::vector<size_t> persons;
  std::vector<size_t> valid;
  std::vector<size_t> without;
  for (const RowCells* part : parts) {
    persons.push_back(part->persons);
    valid.push_back(part->valid);
    without.push_back(part->without);
  }
  persons_sums->push_back({total.persons, persons});
  p->AddEquation(total.persons, std::move(persons));
  p->AddEquation(total.valid, std::move(valid));
  p->AddEquation(total.without, std::move(without));
}

// The lower-bound rule (see the file comment). Returns true when it made a
// published total sensitive.
bool ProtectOnes(DisclosureProblem* p, const std::vector<DisclosureProblem::Equation>& sums) {
  bool changed = false;
  for (const auto& eq : sums) {
    if (p->cells[eq.total].suppressed || p->cells[eq.total].sensitive) continue;
    int64_t withheld = 0;
    size_t n = 0;
    for (size_t part : eq.parts) {
      if (p->cells[part].suppressed) {
        withheld += p->cells[part].value;
        ++n;
      }
    }
    if (n >= 2 && withheld == static_cast<int64_t>(n)) {
      p->cells[eq.total].sensitive = true;
      changed = true;
    }
  }
  return changed;
}

Figure Shown(const DisclosureProblem& p, size_t cell) {
  return p.cells[cell].suppressed ? Figure{} : Figure{p.cells[cell].value};
}

IncidentRow Publish(const DisclosureProblem& p, const RowCells& cells, const RowCounts& counts,
                    IncidentRow row) {
  row.persons = Shown(p, cells.persons);
  row.persons_with_valid_status = Shown(p, cells.valid);
  row.incidents = row.persons ? Figure{counts.incidents} : Figure{};
  return row;
}

std::string RangeLabel(Date from, Date to) { return from.ToIso() + "/" + to.ToIso(); }

}  // namespace

std::vector<std::string_view> IncidentRow::SuppressedFields() const {
  std::vector<std::string_view> out;
  if (!incidents) out.push_back("incidents");
  if (!persons) out.push_back("persons");
  if (!persons_with_valid_status) out.push_back("persons_with_valid_status");
  return out;
}

Result<IncidentReportOptions> ParseIncidentReportOptions(
    const std::map<std::string, std::string, std::less<>>& params) {
  IncidentReportOptions o;
  auto get = [&](std::string_view key) -> const std::string* {
    auto it = params.find(key);
    return it == params.end() || it->second.empty() ? nullptr : &it->second;
  };
  for (std::string_view key : {"from", "to"}) {
    const std::string* text = get(key);
    if (!text) return Fail(Error::InvalidInput(std::string(key), "is required (YYYY-MM-DD)"));
    auto date = Date::ParseIso(*text, key);
    if (!date) return Fail(date.error());
    (key == "from" ? o.from : o.to) = *date;
  }
  if (const std::string* text = get("by")) {
    auto by = ParsePeriod(*text);
    if (!by || *by == Period::kDay) {
      return Fail(Error::InvalidInput("by", "must be week or month"));
    }
    o.by = *by;
  }
  if (const std::string* text = get("k")) {
    int64_t k = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), k);
    if (ec != std::errc() || end != text->data() + text->size() || k < 1 || k > 1000) {
      return Fail(Error::InvalidInput("k", "must be a whole number from 1 to 1000"));
    }
    o.k = k;
  }
  if (const std::string* text = get("suppression")) {
    if (*text == "off") {
      o.disclosure_control = false;
    } else if (*text != "on") {
      return Fail(Error::InvalidInput("suppression", "must be on or off"));
    }
  }
  if (const std::string* text = get("type")) {
    std::string_view rest = *text;
    while (true) {
      const size_t comma = rest.find(',');
      const std::string_view name = rest.substr(0, comma);
      auto type = ParseIncidentType(name);
      if (!type) {
        return Fail(Error::InvalidInput(
            "type", "'{}' is not an incident type; write one or more of {}, separated by commas",
            name, IncidentTypeNames()));
      }
      if (std::find(o.types.begin(), o.types.end(), *type) == o.types.end()) {
        o.types.push_back(*type);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (o.from > o.to) {
    return Fail(Error::InvalidInput("from", "the report starts ({}) after it ends ({})",
                                    o.from.ToIso(), o.to.ToIso()));
  }
  if (o.to.DaysSinceEpoch() - o.from.DaysSinceEpoch() >= kMaxRangeDays) {
    return Fail(Error::InvalidInput("to", "a report covers at most 3 years; shorten the range"));
  }
  return o;
}

bool WeakensDisclosureControl(const IncidentReportOptions& o) {
  return !o.disclosure_control || o.k < kDefaultMinCellSize;
}

Result<IncidentReport> BuildIncidentReport(const std::vector<IncidentFact>& facts,
                                           const IncidentReportOptions& options) {
  if (options.from > options.to) {
    return Fail(Error::InvalidInput("from", "the report starts after it ends"));
  }
  if (options.to.DaysSinceEpoch() - options.from.DaysSinceEpoch() >= kMaxRangeDays) {
    return Fail(Error::InvalidInput("to", "a report covers at most 3 years; shorten the range"));
  }
  if (options.k < 1) {
    return Fail(Error::InvalidInput("k", "the smallest publishable cell must be at least 1"));
  }
  IncidentReport report;
  report.options = options;
  const int32_t from = options.from.DaysSinceEpoch();
  const int32_t to = options.to.DaysSinceEpoch();
  uint32_t type_mask = 0;
  for (IncidentType t : options.types) type_mask |= 1u << static_cast<unsigned>(t);

  // Provinces interned in name order, so row keys sort into the published order.
  std::vector<std::string_view> provinces;
  {
    std::unordered_map<std::string_view, uint32_t> seen;
    for (const IncidentFact& f : facts) {
      if (seen.try_emplace(f.province, 0).second) provinces.push_back(f.province);
    }
  }
  std::sort(provinces.begin(), provinces.end());
  std::unordered_map<std::string_view, uint32_t> province_id;
  for (uint32_t i = 0; i < provinces.size(); ++i) province_id.emplace(provinces[i], i);

  // Row key: period start (offset) | province | type | documentation.
  auto key_of = [&](int32_t start, uint32_t province, IncidentType type, Documentation doc) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(start - from + kPeriodSlack)) << 32) |
           (static_cast<uint64_t>(province) << 16) | (static_cast<uint64_t>(type) << 8) |
           static_cast<uint64_t>(doc);
  };
  std::unordered_map<uint64_t, size_t> row_index;
  std::vector<uint64_t> row_keys;
  std::vector<RowCounts> row_counts;
  std::vector<std::pair<size_t, uint64_t>> row_incident;  // (row, incident), to count distinct
  std::vector<uint64_t> last_incident;                    // per row
  std::map<int32_t, std::pair<Date, Date>> periods;       // start day -> (start, end)
  std::unordered_map<int32_t, int32_t> start_of_day;
  for (const IncidentFact& f : facts) {
    const int32_t day = f.date.DaysSinceEpoch();
    if (day < from || day > to) continue;
    if (type_mask != 0 && (type_mask & (1u << static_cast<unsigned>(f.type))) == 0) continue;
    ++report.facts_read;
    auto [cached, fresh] = start_of_day.try_emplace(day, 0);
    if (fresh) {
      const Date start = PeriodStart(f.date, options.by);
      cached->second = start.DaysSinceEpoch();
      periods.try_emplace(cached->second, start, PeriodEnd(f.date, options.by));
    }
    const uint64_t key =
        key_of(cached->second, province_id.at(f.province), f.type, f.documentation);
    auto [it, inserted] = row_index.try_emplace(key, row_keys.size());
    if (inserted) {
      row_keys.push_back(key);
      row_counts.emplace_back();
      last_incident.push_back(UINT64_MAX);
    }
    RowCounts& c = row_counts[it->second];
    ++c.persons;
    if (f.valid_status) ++c.valid;
    // The persons of one incident mostly come together: note each (row,
    // incident) once per run; sort and unique below remove the rest.
    if (last_incident[it->second] != f.incident) {
      last_incident[it->second] = f.incident;
      row_incident.emplace_back(it->second, f.incident);
    }
  }
  auto start_of = [&](uint64_t key) {
    return static_cast<int32_t>(key >> 32) + from - kPeriodSlack;
  };

  // Distinct incidents per row, per period and overall.
  std::sort(row_incident.begin(), row_incident.end());
  row_incident.erase(std::unique(row_incident.begin(), row_incident.end()), row_incident.end());
  for (const auto& [row, incident] : row_incident) ++row_counts[row].incidents;
  std::map<int32_t, RowCounts> period_counts;
  RowCounts total;
  {
    std::vector<std::pair<int32_t, uint64_t>> period_incident;
    period_incident.reserve(row_incident.size());
    for (const auto& [row, incident] : row_incident) {
      period_incident.emplace_back(start_of(row_keys[row]), incident);
    }
    std::sort(period_incident.begin(), period_incident.end());
    period_incident.erase(std::unique(period_incident.begin(), period_incident.end()),
                          period_incident.end());
    for (const auto& [start, incident] : period_incident) ++period_counts[start].incidents;
    std::vector<uint64_t> incidents;
    incidents.reserve(period_incident.size());
    for (const auto& pi : period_incident) incidents.push_back(pi.second);
    std::sort(incidents.begin(), incidents.end());
    total.incidents = std::unique(incidents.begin(), incidents.end()) - incidents.begin();
  }

  std::vector<size_t> order(row_keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return row_keys[a] < row_keys[b]; });
  for (size_t i : order) {
    RowCounts& p = period_counts[start_of(row_keys[i])];
    p.persons += row_counts[i].persons;
    p.valid += row_counts[i].valid;
    total.persons += row_counts[i].persons;
    total.valid += row_counts[i].valid;
  }

  // The disclosure problem.
  DisclosureProblem problem;
  const int64_t k = options.k;
  std::vector<DisclosureProblem::Equation> persons_sums;
  std::vector<RowCells> row_cells(row_keys.size());
  for (size_t i : order) row_cells[i] = AddCells(&problem, row_counts[i], k);
  std::map<int32_t, RowCells> period_cells;
  for (const auto& [start, counts] : period_counts) {
    period_cells[start] = AddCells(&problem, counts, k);
  }
  const RowCells total_cells = AddCells(&problem, total, k);
  {
    std::map<int32_t, std::vector<const RowCells*>> parts;
    for (size_t i : order) parts[start_of(row_keys[i])].push_back(&row_cells[i]);
    std::vector<const RowCells*> periods_parts;
    for (const auto& [start, cells] : period_cells) {
      AddSums(&problem, cells, parts[start], &persons_sums);
      periods_parts.push_back(&cells);
    }
    AddSums(&problem, total_cells, periods_parts, &persons_sums);
  }
  report.cells = problem.cells.size();
  if (options.disclosure_control) {
    SuppressionStats stats = Suppress(&problem);
    while (ProtectOnes(&problem, persons_sums)) stats = Suppress(&problem);
    report.primary_suppressed = 0;
    report.secondary_suppressed = 0;
    for (const auto& cell : problem.cells) {
      if (!cell.published || !cell.suppressed) continue;
      (cell.secondary ? report.secondary_suppressed : report.primary_suppressed) += 1;
    }
  }

  // Publish.
  report.rows.reserve(order.size());
  for (size_t i : order) {
    const uint64_t key = row_keys[i];
    const auto& [start, end] = periods.at(start_of(key));
    IncidentRow row;
    row.date = start;
    row.date_end = end;
    row.period = PeriodLabel(start, options.by);
    row.province = std::string(provinces[(key >> 16) & 0xFFFF]);
    row.type = static_cast<IncidentType>((key >> 8) & 0xFF);
    row.documentation = static_cast<Documentation>(key & 0xFF);
    report.rows.push_back(Publish(problem, row_cells[i], row_counts[i], std::move(row)));
  }
  for (const auto& [start, cells] : period_cells) {
    const auto& [start_date, end_date] = periods.at(start);
    IncidentRow row;
    row.date = start_date;
    row.date_end = end_date;
    row.period = PeriodLabel(start_date, options.by);
    report.by_period.push_back(Publish(problem, cells, period_counts[start], std::move(row)));
  }
  IncidentRow whole;
  whole.date = options.from;
  whole.date_end = options.to;
  whole.period = RangeLabel(options.from, options.to);
  report.total = Publish(problem, total_cells, total, std::move(whole));
  return report;
}

namespace {

using nlohmann::json;

json FigureJson(const Figure& f) { return f ? json(*f) : json(nullptr); }

json RowJson(const IncidentRow& r) {
  json suppressed = json::array();
  for (std::string_view s : r.SuppressedFields()) suppressed.push_back(s);
  return {{"date", r.date.ToIso()},
          {"date_end", r.date_end.ToIso()},
          {"period", r.period},
          {"province", r.province.empty() ? json(nullptr) : json(r.province)},
          {"type", r.type ? json(ToString(*r.type)) : json(nullptr)},
          {"risk", r.type ? json(ToString(RiskOf(*r.type))) : json(nullptr)},
          {"documentation", r.documentation ? json(ToString(*r.documentation)) : json(nullptr)},
          {"incidents", FigureJson(r.incidents)},
          {"persons", FigureJson(r.persons)},
          {"persons_with_valid_status", FigureJson(r.persons_with_valid_status)},
          {"suppressed", suppressed}};
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kColumns{{
    {"date", "#date"},
    {"date_end", "#date+end"},
    {"period", "#date+period"},
    {"province", "#adm1+name"},
    {"type", "#event+type"},
    {"risk", "#event+type+risk"},
    {"documentation", "#status+documentation"},
    {"incidents", "#event+num"},
    {"persons", "#affected+ind"},
    {"persons_with_valid_status", "#affected+ind+valid_status"},
    {"suppressed", "#meta+suppressed"},
}};

}  // namespace

json IncidentReportToJson(const IncidentReport& report) {
  const IncidentReportOptions& o = report.options;
  json types = json::array();
  for (IncidentType t : o.types) types.push_back(ToString(t));
  json rows = json::array();
  for (const IncidentRow& r : report.rows) rows.push_back(RowJson(r));
  json by_period = json::array();
  for (const IncidentRow& r : report.by_period) by_period.push_back(RowJson(r));
  return {{"report", "incidents"},
          {"from", o.from.ToIso()},
          {"to", o.to.ToIso()},
          {"by", ToString(o.by)},
          {"types", types},
          {"disclosure_control",
           {{"applied", o.disclosure_control},
            {"k", o.k},
            {"cells", report.cells},
            {"primary_suppressed", report.primary_suppressed},
            {"secondary_suppressed", report.secondary_suppressed}}},
          {"rows", rows},
          {"totals", {{"by_period", by_period}, {"total", RowJson(report.total)}}}};
}

std::string IncidentReportToHxlCsv(const IncidentReport& report) {
  std::vector<std::string_view> names;
  std::vector<std::string_view> tags;
  for (const auto& [name, tag] : kColumns) {
    names.push_back(name);
    tags.push_back(tag);
  }
  std::string out;
  AppendCsvLine(&out, names);
  AppendCsvLine(&out, tags);
  auto figure = [&](const Figure& f) {
    out += ',';
    if (f) out += std::to_string(*f);
  };
  for (const IncidentRow& r : report.rows) {
    out += r.date.ToIso();
    out += ',';
    out += r.date_end.ToIso();
    out += ',';
    AppendCsvField(&out, r.period);
    out += ',';
    AppendCsvField(&out, r.province);
    out += ',';
    AppendCsvField(&out, r.type ? ToString(*r.type) : "");
    out += ',';
    AppendCsvField(&out, r.type ? ToString(RiskOf(*r.type)) : "");
    out += ',';
    AppendCsvField(&out, r.documentation ? ToString(*r.documentation) : "");
    figure(r.incidents);
    figure(r.persons);
    figure(r.persons_with_valid_status);
    out += ',';
    AppendCsvField(&out, JoinWords(r.SuppressedFields()));
    out += '\n';
  }
  return out;
}

Status WriteIncidentReportXlsx(const IncidentReport& report, const std::string& path) {
  Workbook book(path);
  if (auto created = book.Created(); !created) return created;
  const WorkbookFormats& f = book.formats();
  const IncidentReportOptions& o = report.options;
  const std::string sheet_name = o.by == Period::kMonth ? "Monthly incidents" : "Weekly incidents";
  lxw_worksheet* table = book.Sheet(sheet_name.c_str());
  worksheet_set_column(table, 0, 2, 12, nullptr);
  worksheet_set_column(table, 3, 6, 24, nullptr);
  worksheet_set_column(table, 7, 10, 14, nullptr);
  for (size_t c = 0; c < kColumns.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_write_string(table, 0, col, std::string(kColumns[c].first).c_str(), f.header);
    worksheet_write_string(table, 1, col, std::string(kColumns[c].second).c_str(), f.tag);
  }
  lxw_row_t row = 2;
  auto write_row = [&](const IncidentRow& r) {
    worksheet_write_string(table, row, 0, r.date.ToIso().c_str(), nullptr);
    worksheet_write_string(table, row, 1, r.date_end.ToIso().c_str(), nullptr);
    worksheet_write_string(table, row, 2, r.period.c_str(), nullptr);
    worksheet_write_string(table, row, 3, r.province.empty() ? "All" : r.province.c_str(), nullptr);
    worksheet_write_string(table, row, 4, r.type ? std::string(ToString(*r.type)).c_str() : "All",
                           nullptr);
    worksheet_write_string(table, row, 5,
                           r.type ? std::string(ProtectionRiskLabel(RiskOf(*r.type))).c_str() : "",
                           nullptr);
    worksheet_write_string(
        table, row, 6, r.documentation ? std::string(ToString(*r.documentation)).c_str() : "All",
        nullptr);
    book.WriteFigure(table, row, 7, r.incidents);
    book.WriteFigure(table, row, 8, r.persons);
    book.WriteFigure(table, row, 9, r.persons_with_valid_status);
    worksheet_write_string(table, row, 10, JoinWords(r.SuppressedFields()).c_str(), nullptr);
    ++row;
  };
  for (const IncidentRow& r : report.rows) write_row(r);
  for (const IncidentRow& r : report.by_period) write_row(r);
  write_row(report.total);
  worksheet_freeze_panes(table, 2, 0);

  NotesSheet notes(book);
  notes.Add("Period",
            o.from.ToIso() + " to " + o.to.ToIso() + ", by " + std::string(ToString(o.by)) +
                (o.by == Period::kWeek ? " (ISO 8601 weeks, Monday to Sunday)" : "") + ".");
  notes.Add(
      "Method",
      "Protection incidents recorded by monitors, one count per person involved. An incident "
      "known only by its month is counted in the week holding the 1st of that month. "
      "Documentation is the strongest document the person held that day, by type whatever its "
      "validity: PoR card, ACC, passport with visa (or a visa), Tazkira only, other only, none.");
  notes.Add(
      "Valid status",
      "Persons whose legal status on the incident date, under the policy in force, was "
      "anything but 'removal in force' (lawful, tolerated, or within a deadline to leave): on "
      "arrest and detention rows, people detained while documented.");
  if (o.disclosure_control) {
    notes.Add("Suppression",
              "Figures describing fewer than " + std::to_string(o.k) +
                  " people are withheld (x), and further figures so that none can be worked out by "
                  "subtraction or any other combination. Incidents are withheld with persons. " +
                  std::to_string(report.primary_suppressed) + " figures withheld as small, " +
                  std::to_string(report.secondary_suppressed) + " to protect them.");
  } else {
    notes.Add("Suppression", std::string(kUnsuppressedNote));
  }
  notes.AddHxlAndSource("The table carries HXL hashtags under its header (hxlstandard.org).");
  return book.Close();
}

Result<std::string> IncidentReportToXlsx(const IncidentReport& report) {
  return WorkbookBytes(
      [&](const std::string& path) { return WriteIncidentReportXlsx(report, path); });
}

}  // namespace sanad::report
