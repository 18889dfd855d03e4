#include "infotorch/core/family.h"

#include "infotorch/core/error.h"

namespace infotorch {

std::string join_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void apply_spec(const Spec& spec, OptionList& list, const std::string& family) {
  for (const auto& [key, value] : spec.options) {
    if (!list.has(key)) {
      std::vector<std::string> known;
      for (const auto& o : list.options()) known.push_back(o.name);
      throw Error(family + " '" + spec.name + "': unknown option '" + key + "' (known: " +
                  (known.empty() ? std::string("none") : join_names(known)) + ")");
    }
    try {
      list.set(key, value);
    } catch (const Error& e) {  // "tau: expected a number, got 'x'": say whose option it is
      throw Error(family + " '" + spec.name + "': option " + e.what());
    }
  }
}

std::string kinds_help(const std::vector<std::pair<std::string, std::string>>& name_doc,
                       const std::vector<OptionList>& options) {
  std::string out;
  for (size_t i = 0; i < name_doc.size(); ++i) {
    out += "  " + name_doc[i].first + ": " + name_doc[i].second + "\n";
    for (const auto& o : options[i].options())
      out += "      " + o.name + " (" + OptionList::kind(o) + ", default '" + o.default_text + "'): " + o.doc + "\n";
  }
  return out;
}

}  // namespace infotorch
