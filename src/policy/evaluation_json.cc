// The one JSON shape of an answer, in the reader's language: the provisions'
// texts from the policy file's translations (Provision::TextIn), the status
// description from Describe, the reason, warnings and next steps said by
// Sentence::Say (templates from src/core/i18n), each in `language` where it
// exists and in English otherwise. The answer's "language" names the language asked for
// when it is one of the four, and each provision's "language" the language
// its texts are actually in (a site's own policy may lack a translation).
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

json ProvisionJson(const AppliedProvision& p, std::string_view language) {
  ProvisionTextView text{"en", p.title, p.explanation, p.sources_differ, {}};
  if (p.provision != nullptr) text = p.provision->TextIn(language);
  json out = {{"id", std::string(p.id)},
              {"title", std::string(text.title)},
              {"source", std::string(p.source)},
              {"explanation", std::string(text.explanation)},
              {"language", std::string(text.language)}};
  if (!text.sources_differ.empty()) out["sources_differ"] = std::string(text.sources_differ);
  return out;
}

}  // namespace

std::string_view AnswerLanguage(std::string_view language) {
  for (std::string_view known : {"en", "ps", "fa-AF", "ur"}) {
    if (known == language) return known;
  }
  return "en";
}

json ExplanationToJson(const Evaluation& e, std::string_view language) {
  language = AnswerLanguage(language);
  json provisions = json::array();
  for (const auto& p : e.provisions) provisions.push_back(ProvisionJson(p, language));
  json steps = json::array();
  for (const Sentence& step : e.next_steps) steps.push_back(step.Say(language));
  return {{"language", std::string(language)},
          {"status_text", std::string(Describe(e.status, language))},
          {"reason", e.reason.Say(language)},
          {"provisions", provisions},
          {"next_steps", steps}};
}

json EvaluationToJson(const Policy& policy, const Evaluation& e, std::string_view language) {
  json out = ExplanationToJson(e, language);
  out["policy"] = policy.id;
  out["date"] = e.date.ToIso();
  out["context"] = std::string(ToString(e.context));
  out["status"] = std::string(ToString(e.status));
  out["status_description"] = out["status_text"];
  out["deciding_document"] = e.deciding_documents.empty()
                                 ? json(nullptr)
                                 : json(std::string(ToString(e.deciding_documents.front())));
  out["deciding_documents"] = DocumentList(e.deciding_documents);
  out["missing_documents"] = DocumentList(e.missing_documents);
  json warnings = json::array();
  for (const Sentence& warning : e.warnings) warnings.push_back(warning.Say(language));
  out["warnings"] = warnings;
  return out;
}

json TimelineToJson(const Policy& policy, const std::vector<TimelineSegment>& timeline,
                    std::string_view language) {
  language = AnswerLanguage(language);
  json out = json::array();
  for (const auto& s : timeline) {
    json sources = json::array();
    for (const std::string& id : s.provision_ids) {
      const Provision* p = policy.Find(id);
      sources.push_back({{"id", id},
                         {"title", p ? std::string(p->TextIn(language).title) : std::string()},
                         {"source", p ? p->citation : std::string()}});
    }
    out.push_back({{"from", s.from.ToIso()},
                   {"to", s.to.ToIso()},
                   {"status", std::string(ToString(s.status))},
                   {"status_text", std::string(Describe(s.status, language))},
                   {"reason", s.reason.Say(language)},
                   {"provisions", s.provision_ids},
                   {"provision_sources", sources},
                   {"deciding_documents", DocumentList(s.deciding_documents)}});
  }
  return out;
}

}  // namespace sanad::policy
