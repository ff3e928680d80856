#include "policy/evaluation_json.h"

#include <string>

namespace sanad::policy {
namespace {

using nlohmann::json;

json DocumentList(const std::vector<DocumentType>& types) {
  json out = json::array();
  for (DocumentType t : types) out.push_back(std::string(ToString(t)));
  return out;
}

}  // namespace

json EvaluationToJson(const Policy& policy, const Evaluation& e, std::string_view /*language*/) {
  json provisions = json::array();
  for (const auto& p : e.provisions) {
    json provision = {{"id", std::string(p.id)},
                      {"title", std::string(p.title)},
                      {"source", std::string(p.source)},
                      {"explanation", std::string(p.explanation)}};
    if (!p.sources_differ.empty()) provision["sources_differ"] = std::string(p.sources_differ);
    provisions.push_back(std::move(provision));
  }
  const std::string status_text(Describe(e.status));
  return {
      {"policy", policy.id},
      {"date", e.date.ToIso()},
      {"context", std::string(ToString(e.context))},
      {"status", std::string(ToString(e.status))},
      {"status_text", status_text},
      {"status_description", status_text},
      {"reason", e.reason},
      {"provisions", provisions},
      {"deciding_document", e.deciding_documents.empty()
                                ? json(nullptr)
                                : json(std::string(ToString(e.deciding_documents.front())))},
      {"deciding_documents", DocumentList(e.deciding_documents)},
      {"missing_documents", DocumentList(e.missing_documents)},
      {"warnings", e.warnings},
      {"next_steps", e.next_steps},
  };
}

json TimelineToJson(const Policy& policy, const std::vector<TimelineSegment>& timeline,
                    std::string_view /*language*/) {
  json out = json::array();
  for (const auto& s : timeline) {
    json sources = json::array();
    for (const std::string& id : s.provision_ids) {
      const Provision* p = policy.Find(id);
      sources.push_back({{"id", id},
                         {"title", p ? p->title : std::string()},
                         {"source", p ? p->citation : std::string()}});
    }
    out.push_back({{"from", s.from.ToIso()},
                   {"to", s.to.ToIso()},
                   {"status", std::string(ToString(s.status))},
                   {"status_text", std::string(Describe(s.status))},
                   {"reason", s.reason},
                   {"provisions", s.provision_ids},
                   {"provision_sources", sources},
                   {"deciding_documents", DocumentList(s.deciding_documents)}});
  }
  return out;
}

}  // namespace sanad::policy
