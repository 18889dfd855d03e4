// Renders declared options (core/options.h) as CLI11 flags: each flag sets its option by name, so a bad value gets
// the library's message naming the option. Shared by the subcommands whose options are declared in the library.
#pragma once
#include <CLI/CLI.hpp>

#include <map>
#include <string>

#include "infotorch/core/options.h"

namespace infotorch::cli {

// Short flags kept for the options users type most; every option also has its --dashed-name.
inline const std::map<std::string, std::string> kAliases = {{"data_dir", "--data"}, {"save_path", "--save"},
                                                      {"resume_path", "--resume"}, {"out_dir", "--out"},
                                                      {"train_limit", "--limit"},
                                                      {"estimators", "--estimator"},
                                                      {"activations", "--activation"}};

// Renders each declared option as a flag that sets it by name (so bad values get the library's message).
inline void add_declared(CLI::App& cmd, OptionList& list) {
  for (const auto& o : list.options()) {
    std::string flags = option_flag(o.name);
    if (auto a = kAliases.find(o.name); a != kAliases.end()) flags = a->second + "," + flags;
    const std::string name = o.name;
    if (std::holds_alternative<bool*>(o.field)) {
      cmd.add_flag_function(
          flags + ",!--no-" + option_flag(name).substr(2),
          [&list, name](int64_t count) { list.set(name, count > 0 ? "true" : "false"); },
          o.doc + " (default " + o.default_text + ")");
    } else {
      cmd.add_option_function<std::string>(
             flags, [&list, name](const std::string& v) { list.set(name, v); }, o.doc)
          ->default_str(o.default_text)
          ->type_name(OptionList::kind(o) == "number" ? "NUMBER"
                      : (OptionList::kind(o) == "int" || OptionList::kind(o) == "count") ? "INT"
                                                                                          : "TEXT");
    }
  }
}

}  // namespace infotorch::cli
