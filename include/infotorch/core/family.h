// A family of kinds built from spec strings ("smile:tau=5"): bounds, critics, tasks, kNN estimators. Each kind
// has a name, a one-line doc and one declaration of its options (name, type, default, doc, bound to a fresh
// options struct that holds the defaults); the family's factory, its help listing and its messages are all made
// from that, so adding an option or a kind is one edit.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/core/spec.h"

namespace infotorch {

// Build: what a kind's options turn into once set (a std::function returning the product).
template <class Build>
struct Kind {
  std::string name;
  std::string doc;
  // Declares the kind's options on `list`, bound to a fresh options struct with its defaults, and returns the
  // builder that reads them (call it after setting the options).
  std::function<Build(OptionList&)> declare;
};

// A kind whose options live in an `Options` struct declared by `declare(OptionList&, Options&)`, built by
// `make(const Options&, args...)`.
template <class Options, class Build, class Declare, class Make>
Kind<Build> make_kind(std::string name, std::string doc, Declare declare, Make make) {
  return {std::move(name), std::move(doc), [declare, make](OptionList& list) -> Build {
            auto o = std::make_shared<Options>();
            declare(list, *o);
            return [o, make](auto&&... args) { return make(*o, std::forward<decltype(args)>(args)...); };
          }};
}

// Sets every option of `spec` through `list`; an option the list does not declare, or a bad value, is an Error
// naming the family ("estimator", "task", "critic"), the kind and the option.
void apply_spec(const Spec& spec, OptionList& list, const std::string& family);

// "  name   doc\n      option (kind, default 'D'): doc\n" for every kind: the family's help listing.
std::string kinds_help(const std::vector<std::pair<std::string, std::string>>& name_doc,
                       const std::vector<OptionList>& options);

template <class Build>
std::vector<std::string> kind_names(const std::vector<Kind<Build>>& kinds) {
  std::vector<std::string> names;
  for (const auto& k : kinds) names.push_back(k.name);
  return names;
}

// The kind named `name`, or nullptr.
template <class Build>
const Kind<Build>* find_kind(const std::vector<Kind<Build>>& kinds, const std::string& name) {
  for (const auto& k : kinds)
    if (k.name == name) return &k;
  return nullptr;
}

// The builder for `spec` with its options set. An unknown name is an Error `unknown(name)` words.
template <class Build, class Unknown>
Build configure(const std::vector<Kind<Build>>& kinds, const Spec& spec, const std::string& family, Unknown unknown) {
  const auto* kind = find_kind(kinds, spec.name);
  if (kind == nullptr) unknown(spec.name);
  OptionList list;
  Build build = kind->declare(list);
  apply_spec(spec, list, family);
  return build;
}

// Every kind's declared options with their defaults, for help listings and the tests that compare with them.
template <class Build>
std::string family_help(const std::vector<Kind<Build>>& kinds) {
  std::vector<std::pair<std::string, std::string>> name_doc;
  std::vector<OptionList> options;
  for (const auto& k : kinds) {
    name_doc.emplace_back(k.name, k.doc);
    options.emplace_back();
    k.declare(options.back());
  }
  return kinds_help(name_doc, options);
}

// "a, b, c".
std::string join_names(const std::vector<std::string>& names);

}  // namespace infotorch
