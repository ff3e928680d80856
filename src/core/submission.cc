#include "core/submission.h"

#include <zip.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/csv.h"
#include "core/utf8.h"

namespace sanad {
namespace {

using nlohmann::json;

constexpr std::string_view kInstanceIdPath = "meta/instanceID";
constexpr std::string_view kDeprecatedIdPath = "meta/deprecatedID";

Error FileError(Message message) { return Error::InvalidInput("file", std::move(message)); }

std::string JoinPath(std::string_view prefix, std::string_view path) {
  if (prefix.empty()) return std::string(path);
  if (path.empty()) return std::string(prefix);
  return std::string(prefix) + "/" + std::string(path);
}

bool StartsWithSegment(std::string_view path, std::string_view prefix) {
  return !prefix.empty() && path.size() > prefix.size() && path.starts_with(prefix) &&
         path[prefix.size()] == '/';
}

// Reads the members of one JSON object (a submission, a group, a repeat's
// item) into `node`. `prefix` is the path of the group being read relative
// to `node`; `absolute` the full path of `node` itself (empty at the root),
// which Kobo repeats repeat at the start of their items' keys.
std::optional<std::string> ReadObject(const json& object, const std::string& prefix,
                                      const std::string& absolute, size_t depth,
                                      SubmissionNode* node) {
  if (depth > kMaxSubmissionDepth) {
    return "groups and repeats are nested more than " + std::to_string(kMaxSubmissionDepth) +
           " deep";
  }
  for (const auto& [key, value] : object.items()) {
    // Kobo's own fields (_id, _uuid, _attachments, ...) and Central's
    // (__id, __system) are not the form's answers.
    if (key.empty() || key[0] == '_') continue;
    std::string path = NormaliseFormPath(key);
    if (StartsWithSegment(path, absolute)) path = path.substr(absolute.size() + 1);
    const std::string relative = JoinPath(prefix, path);
    if (value.is_null()) continue;
    if (value.is_string()) {
      node->fields[relative] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      node->fields[relative] = value.dump();
    } else if (value.is_object()) {
      if (auto problem = ReadObject(value, relative, absolute, depth + 1, node)) return problem;
    } else {  // an array: a repeat group, whose items are objects
      auto& items = node->repeats[relative];
      const std::string item_absolute = JoinPath(absolute, relative);
      for (const json& item : value) {
        if (!item.is_object()) {
          return "'" + std::string(Utf8Prefix(key, 80)) +
                 "' is a list of values where a text, a group or a repeat was expected";
        }
        SubmissionNode child;
        if (auto problem = ReadObject(item, "", item_absolute, depth + 1, &child)) {
          return problem;
        }
        items.push_back(std::move(child));
      }
    }
  }
  return std::nullopt;
}

std::string FieldOr(const SubmissionNode& node, std::string_view path) {
  auto it = node.fields.find(std::string(path));
  return it == node.fields.end() ? std::string() : it->second;
}

// Sets the ids of a submission read into `submission.data`, or says why it
// has none.
std::optional<std::string> TakeIds(Submission* submission, std::string_view kobo_uuid) {
  submission->instance_id = FieldOr(submission->data, kInstanceIdPath);
  submission->deprecated_id = FieldOr(submission->data, kDeprecatedIdPath);
  if (submission->instance_id.empty() && !kobo_uuid.empty()) {
    submission->instance_id = "uuid:" + std::string(kobo_uuid);
  }
  if (submission->instance_id.empty()) submission->instance_id = submission->root_id;
  if (submission->root_id == submission->instance_id) submission->root_id.clear();
  if (submission->instance_id.empty()) {
    return "has no meta/instanceID: without it a second import could not tell this submission "
           "from a new one. Export it again with the form's meta fields";
  }
  for (const std::string* id :
       {&submission->instance_id, &submission->deprecated_id, &submission->root_id}) {
    if (!IsValidUtf8(*id) || id->size() > 200 || HasControlCharacter(*id)) {
      return "has an instanceID that is not a short line of text";
    }
  }
  return std::nullopt;
}

Result<SubmissionExport> ParseJsonExport(std::string_view content) {
  json root;
  try {
    root = json::parse(content);
  } catch (const json::parse_error& e) {
    return Fail(
        FileError(Message("is not valid JSON (at byte {}): export the submissions again", e.byte)));
  } catch (const json::exception&) {  // a number too large for a double: 1e999
    return Fail(
        FileError(Message("holds a number JSON readers cannot hold: export the submissions "
                          "again")));
  }
  SubmissionExport out;
  const json* list = nullptr;
  if (root.is_array()) {
    list = &root;
  } else if (root.is_object() && root.contains("value") && root["value"].is_array()) {
    out.format = SubmissionFormat::kOdkODataJson;
    list = &root["value"];
  } else if (root.is_object() && root.contains("results") && root["results"].is_array()) {
    list = &root["results"];
  } else {
    return Fail(FileError(
        Message("is JSON but not a list of submissions: expected KoboToolbox's export (a list, or "
                "{{\"results\": [...]}}) or ODK Central's OData ({{\"value\": [...]}})")));
  }
  if (root.is_object()) {
    const bool kobo_next = root.contains("next") && root["next"].is_string();
    const bool odata_next = root.contains("@odata.nextLink") && root["@odata.nextLink"].is_string();
    if (kobo_next || odata_next) {
      std::string note =
          "this export is one page of several (" + std::to_string(list->size()) + " submissions";
      if (root.contains("count") && root["count"].is_number_unsigned()) {
        note += " of " + std::to_string(root["count"].get<uint64_t>());
      }
      note += kobo_next ? "; the next page is at Kobo's \"next\" link"
                        : "; the next page is at Central's \"@odata.nextLink\"";
      note += "): import the other pages too (submissions imported before are skipped)";
      out.notes.push_back(std::move(note));
    }
  }
  size_t index = 0;
  for (const json& item : *list) {
    Submission submission;
    submission.index = ++index;
    if (!item.is_object()) {
      out.problems.push_back({submission.Name(), "", "is not a submission (a JSON object)"});
      continue;
    }
    if (auto it = item.find("__id"); it != item.end() && it->is_string()) {
      submission.root_id = it->get<std::string>();
      out.format = SubmissionFormat::kOdkODataJson;
    }
    std::string kobo_uuid;
    if (auto it = item.find("_uuid"); it != item.end() && it->is_string()) {
      kobo_uuid = it->get<std::string>();
    }
    auto problem = ReadObject(item, "", "", 0, &submission.data);
    if (!problem) problem = TakeIds(&submission, kobo_uuid);
    if (problem) {
      out.problems.push_back({submission.Name(), "", std::move(*problem)});
      continue;
    }
    out.submissions.push_back(std::move(submission));
  }
  return out;
}

// The CSV files of a zip, by name; only files ending in ".csv".
Result<std::vector<std::pair<std::string, std::string>>> ReadZipCsvs(std::string_view content) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(content.data(), content.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Fail(FileError(Message("cannot be read as a zip file")));
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    zip_error_fini(&error);
    return Fail(
        FileError(Message("is not a zip file that can be read: download ODK Central's CSV zip "
                          "again")));
  }
  zip_error_fini(&error);
  std::unique_ptr<zip_t, void (*)(zip_t*)> closer(archive, zip_discard);
  std::vector<std::pair<std::string, std::string>> files;
  size_t total = 0;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw_name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (raw_name == nullptr) continue;
    std::string name = raw_name;
    if (name.size() < 5 || name.substr(name.size() - 4) != ".csv") continue;
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (file == nullptr) return Fail(FileError(Message("'{}' in the zip cannot be read", name)));
    std::string bytes;
    char buffer[1 << 16];
    zip_int64_t n = 0;
    while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) {
      total += static_cast<size_t>(n);
      if (total > kMaxUnzippedBytes) {
        zip_fclose(file);
        return Fail(
            FileError(Message("unzips to more than 1 GiB of CSV: split the export by date")));
      }
      bytes.append(buffer, static_cast<size_t>(n));
    }
    zip_fclose(file);
    if (n < 0) return Fail(FileError(Message("'{}' in the zip is damaged", name)));
    files.emplace_back(std::move(name), std::move(bytes));
  }
  return files;
}

struct CsvRow {
  std::string key;
  std::string parent_key;
  SubmissionNode node;
};

struct CsvTable {
  std::string name;
  bool has_parent = false;
  std::vector<CsvRow> rows;
};

Result<CsvTable> ReadCsvTable(const std::string& name, std::string_view content) {
  CsvTable table;
  table.name = name;
  CsvReader reader(content, CsvOptions{.trim_leading_spaces = false, .max_field_bytes = 65536});
  std::vector<std::string> header;
  auto first = reader.Next(&header);
  if (!first || !*first) return Fail(FileError(Message("'{}' in the zip has no header", name)));
  size_t key_column = SIZE_MAX, parent_column = SIZE_MAX;
  std::vector<std::string> paths;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "KEY") key_column = i;
    if (header[i] == "PARENT_KEY") parent_column = i;
    paths.push_back(NormaliseFormPath(header[i]));
  }
  if (key_column == SIZE_MAX) {
    return Fail(FileError(
        Message("'{}' in the zip has no KEY column: is this ODK Central's CSV zip?", name)));
  }
  table.has_parent = parent_column != SIZE_MAX;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more) {
      return Fail(
          FileError(Message("'{}' line {}: {}", name, reader.line(), more.error().message)));
    }
    if (!*more) break;
    if (fields.size() == 1 && fields[0].empty()) continue;
    CsvRow row;
    for (size_t i = 0; i < fields.size() && i < header.size(); ++i) {
      if (i == key_column) {
        row.key = fields[i];
      } else if (i == parent_column) {
        row.parent_key = fields[i];
      } else if (!fields[i].empty()) {
        row.node.fields[paths[i]] = fields[i];
      }
    }
    if (row.key.empty()) {
      return Fail(FileError(Message("'{}' line {}: KEY is empty", name, reader.line())));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

// "uuid:1/household/members[2]" under "uuid:1" -> "household/members".
std::optional<std::string> RepeatPathOf(std::string_view key, std::string_view parent_key) {
  if (!key.starts_with(parent_key) || key.size() <= parent_key.size() + 1 ||
      key[parent_key.size()] != '/' || key.back() != ']') {
    return std::nullopt;
  }
  std::string_view rest = key.substr(parent_key.size() + 1);
  const size_t open = rest.rfind('[');
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  return NormaliseFormPath(rest.substr(0, open));
}

Result<SubmissionExport> ParseZipExport(std::string_view content) {
  auto files = ReadZipCsvs(content);
  if (!files) return Fail(files.error());
  std::vector<CsvTable> tables;
  for (const auto& [name, bytes] : *files) {
    auto table = ReadCsvTable(name, bytes);
    if (!table) return Fail(table.error());
    tables.push_back(std::move(*table));
  }
  const CsvTable* root = nullptr;
  for (const auto& table : tables) {
    if (table.has_parent) continue;
    if (root != nullptr) {
      return Fail(FileError(
          Message("holds two CSV files without PARENT_KEY ('{}', '{}'): export one form at a time",
                  root->name, table.name)));
    }
    root = &table;
  }
  if (root == nullptr) {
    return Fail(
        FileError(Message("holds no CSV of submissions (a file with KEY and no PARENT_KEY): is "
                          "this ODK Central's CSV zip?")));
  }
  SubmissionExport out;
  out.format = SubmissionFormat::kOdkCsvZip;
  std::unordered_map<std::string, size_t> by_key;
  for (const CsvRow& row : root->rows) {
    Submission submission;
    submission.index = out.submissions.size() + 1;
    submission.root_id = row.key;
    submission.data = row.node;
    if (!by_key.emplace(row.key, out.submissions.size()).second) {
      return Fail(
          FileError(Message("'{}' has the KEY '{}' twice", root->name, Utf8Prefix(row.key, 80))));
    }
    out.submissions.push_back(std::move(submission));
  }
  // Repeat rows, shallowest first, so a row's parent is in place before it.
  std::vector<const CsvRow*> repeat_rows;
  for (const auto& table : tables) {
    if (!table.has_parent) continue;
    for (const auto& row : table.rows) repeat_rows.push_back(&row);
  }
  auto depth = [](const CsvRow* row) { return std::count(row->key.begin(), row->key.end(), '['); };
  std::stable_sort(repeat_rows.begin(), repeat_rows.end(),
                   [&](const CsvRow* a, const CsvRow* b) { return depth(a) < depth(b); });
  // Nodes by KEY, for the level being attached to; rebuilt per level since
  // adding items moves the vectors that hold them.
  std::unordered_map<std::string, SubmissionNode*> parents;
  for (auto& submission : out.submissions) parents[submission.root_id] = &submission.data;
  std::vector<std::pair<std::string, std::pair<SubmissionNode*, std::string>>> added;
  for (size_t i = 0; i < repeat_rows.size();) {
    const auto level = depth(repeat_rows[i]);
    added.clear();
    for (; i < repeat_rows.size() && depth(repeat_rows[i]) == level; ++i) {
      const CsvRow& row = *repeat_rows[i];
      auto parent = parents.find(row.parent_key);
      auto path = RepeatPathOf(row.key, row.parent_key);
      if (parent == parents.end() || !path) {
        return Fail(FileError(
            Message("a repeat row's PARENT_KEY '{}' names no row of the export (KEY '{}')",
                    Utf8Prefix(row.parent_key, 80), Utf8Prefix(row.key, 80))));
      }
      auto& items = parent->second->repeats[*path];
      added.push_back({row.key, {parent->second, *path}});
      items.push_back(row.node);
    }
    parents.clear();
    std::map<std::pair<SubmissionNode*, std::string>, size_t> position;
    for (const auto& [key, where] : added) {
      auto& items = where.first->repeats[where.second];
      parents[key] = &items[position[where]++];
    }
  }
  std::vector<Submission> kept;
  for (auto& submission : out.submissions) {
    if (auto problem = TakeIds(&submission, "")) {
      out.problems.push_back({submission.Name(), "", std::move(*problem)});
      continue;
    }
    kept.push_back(std::move(submission));
  }
  out.submissions = std::move(kept);
  return out;
}

}  // namespace

std::string_view ToString(SubmissionFormat format) {
  switch (format) {
    case SubmissionFormat::kKoboJson:
      return "KoboToolbox JSON";
    case SubmissionFormat::kOdkODataJson:
      return "ODK Central OData JSON";
    case SubmissionFormat::kOdkCsvZip:
      return "ODK Central CSV zip";
  }
  return "unknown";
}

std::string Submission::Name() const {
  return instance_id.empty() ? std::to_string(index) : instance_id;
}

std::string FormatSubmissionProblem(std::string_view file, const SubmissionProblem& problem) {
  std::string out = std::string(file) + ":" + problem.submission + ":";
  if (!problem.path.empty()) out += problem.path + ":";
  out += " " + problem.message;
  return out;
}

std::string NormaliseFormPath(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '-', '/');
  std::replace(out.begin(), out.end(), '.', '/');
  const size_t begin = out.find_first_not_of('/');
  if (begin == std::string::npos) return {};
  const size_t end = out.find_last_not_of('/');
  return out.substr(begin, end - begin + 1);
}

bool LooksLikeSubmissionExport(std::string_view content) {
  if (content.starts_with("PK\x03\x04")) return true;
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  const size_t first = content.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (content[first] == '{' || content[first] == '[');
}

Result<SubmissionExport> ParseSubmissions(std::string_view content) {
  if (content.starts_with("PK\x03\x04") || content.starts_with("PK\x05\x06")) {
    return ParseZipExport(content);
  }
  if (!LooksLikeSubmissionExport(content)) {
    return Fail(FileError(Message(
        "is neither JSON nor a zip: export the submissions as KoboToolbox JSON, ODK Central "
        "OData JSON or ODK Central's CSV zip")));
  }
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return ParseJsonExport(content);
}

}  // namespace sanad
