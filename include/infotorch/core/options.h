// Declared options: each option is declared once — name, field, one-line doc — bound to the field of an options
// struct that holds its default. The CLI renders flags from the declarations, spec strings and (later) Python
// keyword arguments set them by name, and every message names the option, never a flag.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace infotorch {

class OptionList {
 public:
  // A field of a type the list does not know (an enum): set and read as one of a fixed set of words.
  struct Choice {
    std::vector<std::string> words;
    std::function<void(const std::string&)> set;  // given one of `words`
    std::function<std::string()> get;
  };
  using Field = std::variant<bool*, int*, int64_t*, uint64_t*, double*, std::string*, std::shared_ptr<Choice>>;
  struct Option {
    std::string name;  // snake_case, e.g. batch_size
    std::string doc;
    Field field;
    std::string default_text;  // the field's value when declared
  };

  // Declares `name`, bound to `field` (which must outlive the list); its current value is the default.
  template <class T>
  OptionList& add(const std::string& name, T& field, const std::string& doc) {
    return add_field(name, Field(&field), doc);
  }
  // Declares an enum-like `field` set by one of the words in `choices` (word, value).
  template <class E>
  OptionList& add_choice(const std::string& name, E& field, std::vector<std::pair<std::string, E>> choices,
                         const std::string& doc) {
    auto c = std::make_shared<Choice>();
    for (const auto& w : choices) c->words.push_back(w.first);
    c->set = [&field, choices](const std::string& word) {
      for (const auto& [w, v] : choices)
        if (w == word) field = v;
    };
    c->get = [&field, choices] {
      for (const auto& [w, v] : choices)
        if (v == field) return w;
      return std::string();
    };
    return add_field(name, Field(c), doc);
  }
  // Sets `name` from text ("0.5", "true", "simclr"); throws Error naming the option and the expected type.
  void set(const std::string& name, const std::string& text);
  // The current value as text (what set() accepts).
  std::string get(const std::string& name) const;
  bool has(const std::string& name) const { return find(name) != nullptr; }
  const std::vector<Option>& options() const { return options_; }
  // "int", "number", "text", "bool", ...: the value's kind, for help listings.
  static std::string kind(const Option& option);
  // Appends another list's declarations (which keep their bindings); a repeated name is an Error.
  OptionList& append(const OptionList& other);
  // The declarations named in `names`, in that order (bindings kept); an undeclared name is an Error.
  OptionList only(const std::vector<std::string>& names) const;
  // One line per option: "  name (kind, default D): doc".
  std::string help() const;

 private:
  OptionList& add_field(const std::string& name, Field field, const std::string& doc);
  const Option* find(const std::string& name) const;
  std::vector<Option> options_;
};

// "lr" -> "--lr", "batch_size" -> "--batch-size": the flag a CLI shows for an option.
std::string option_flag(const std::string& name);

}  // namespace infotorch
