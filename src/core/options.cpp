#include "infotorch/core/options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "infotorch/core/error.h"

namespace infotorch {
namespace {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

std::string to_text(const OptionList::Field& field) {
  return std::visit(Overload{[](bool* v) { return std::string(*v ? "true" : "false"); },
                             [](const std::shared_ptr<OptionList::Choice>& c) { return c->get(); },
                             [](std::string* v) { return *v; },
                             [](double* v) {
                               // The shortest text that reads back as the same double ("0.0002", not
                               // "0.00020000000000000001"): what help listings and Python defaults show.
                               // Whole numbers read as such ("300", not "3e+02").
                               if (std::isfinite(*v) && std::abs(*v) < 1e15 && *v == std::floor(*v))
                                 return std::to_string(static_cast<long long>(*v));
                               std::string text;
                               for (int precision = 1; precision <= 17; ++precision) {
                                 std::ostringstream s;
                                 s.precision(precision);
                                 s << *v;
                                 text = s.str();
                                 if (std::strtod(text.c_str(), nullptr) == *v) break;
                               }
                               return text;
                             },
                             [](auto* v) { return std::to_string(*v); }},
                    field);
}

long long parse_integer(const std::string& name, const std::string& text, bool allow_negative) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end == text.c_str() || *end != '\0' || errno == ERANGE || (!allow_negative && v < 0))
    throw Error(name + ": expected " + std::string(allow_negative ? "an integer" : "a non-negative integer") +
                ", got '" + text + "'");
  return v;
}

}  // namespace

OptionList& OptionList::add_field(const std::string& name, Field field, const std::string& doc) {
  if (name.empty() || find(name) != nullptr) throw Error("option '" + name + "' is declared twice (or has no name)");
  options_.push_back({name, doc, field, to_text(field)});
  return *this;
}

const OptionList::Option* OptionList::find(const std::string& name) const {
  for (const auto& o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

void OptionList::set(const std::string& name, const std::string& text) {
  const Option* o = find(name);
  if (o == nullptr) {
    std::string known;
    for (const auto& x : options_) known += (known.empty() ? "" : ", ") + x.name;
    throw Error("unknown option '" + name + "' (known: " + known + ")");
  }
  std::visit(Overload{[&](bool* v) {
                        if (text == "1" || text == "true" || text == "yes" || text == "on") *v = true;
                        else if (text == "0" || text == "false" || text == "no" || text == "off") *v = false;
                        else throw Error(name + ": expected true or false, got '" + text + "'");
                      },
                      [&](int* v) { *v = static_cast<int>(parse_integer(name, text, true)); },
                      [&](int64_t* v) { *v = parse_integer(name, text, true); },
                      [&](uint64_t* v) { *v = static_cast<uint64_t>(parse_integer(name, text, false)); },
                      [&](double* v) {
                        char* end = nullptr;
                        errno = 0;
                        const double d = std::strtod(text.c_str(), &end);
                        if (text.empty() || end == text.c_str() || *end != '\0' || errno == ERANGE || std::isnan(d))
                          throw Error(name + ": expected a number, got '" + text + "'");
                        *v = d;
                      },
                      [&](std::string* v) { *v = text; },
                      [&](const std::shared_ptr<Choice>& c) {
                        for (const auto& w : c->words)
                          if (w == text) return c->set(text);
                        std::string words;
                        for (const auto& w : c->words) words += (words.empty() ? "" : ", ") + w;
                        throw Error(name + ": expected one of " + words + ", got '" + text + "'");
                      }},
             o->field);
}

std::string OptionList::get(const std::string& name) const {
  const Option* o = find(name);
  if (o == nullptr) throw Error("unknown option '" + name + "'");
  return to_text(o->field);
}

std::string OptionList::kind(const Option& option) {
  return std::visit(Overload{[](bool*) { return std::string("bool"); }, [](double*) { return std::string("number"); },
                             [](std::string*) { return std::string("text"); },
                             [](const std::shared_ptr<Choice>& c) {
                               std::string words;
                               for (const auto& w : c->words) words += (words.empty() ? "" : " | ") + w;
                               return words;
                             },
                             [](uint64_t*) { return std::string("count"); }, [](auto*) { return std::string("int"); }},
                    option.field);
}

OptionList& OptionList::append(const OptionList& other) {
  for (const auto& o : other.options_) {
    if (find(o.name) != nullptr) throw Error("option '" + o.name + "' is declared twice");
    options_.push_back(o);
  }
  return *this;
}

OptionList OptionList::only(const std::vector<std::string>& names) const {
  OptionList out;
  for (const auto& n : names) {
    const Option* o = find(n);
    if (o == nullptr) throw Error("option '" + n + "' is not declared");
    out.options_.push_back(*o);
  }
  return out;
}

std::string OptionList::help() const {
  std::string out;
  for (const auto& o : options_)
    out += "  " + o.name + " (" + kind(o) + ", default '" + o.default_text + "'): " + o.doc + "\n";
  return out;
}

std::string option_flag(const std::string& name) {
  std::string flag = "--" + name;
  for (auto& c : flag)
    if (c == '_') c = '-';
  return flag;
}

}  // namespace infotorch
