// Declared options: each option is declared once — name, field, one-line doc — bound to the field of an options
// struct that holds its default. The CLI renders flags from the declarations, spec strings and (later) Python
// keyword arguments set them by name, and every message names the option, never a flag.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace infotorch {

class OptionList {
 public:
  using Field = std::variant<bool*, int*, int64_t*, uint64_t*, double*, std::string*>;
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
