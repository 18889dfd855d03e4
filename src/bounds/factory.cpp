#include "infotorch/bounds/factory.h"

#include "infotorch/bounds/dv.h"
#include "infotorch/bounds/infonce.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/js.h"
#include "infotorch/bounds/mine.h"
#include "infotorch/bounds/nwj.h"
#include "infotorch/bounds/smile.h"
#include "infotorch/bounds/tuba.h"
#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"

namespace infotorch::bounds {

const std::vector<std::string>& bound_names() {
  static const std::vector<std::string> names = {"dv", "mine", "nwj", "tuba", "infonce", "js", "smile", "interpolated"};
  return names;
}

bool is_bound_name(const std::string& name) {
  for (const auto& n : bound_names())
    if (n == name) return true;
  return false;
}

std::shared_ptr<Bound> make_bound(const std::string& text) {
  const Spec spec = parse_spec(text);
  const auto& n = spec.name;
  if (n == "dv") {
    spec.allow_only({});
    return std::make_shared<DvBound>();
  }
  if (n == "mine") {
    spec.allow_only({"ema"});
    MineOptions o;
    o.ema = spec.get_double("ema", o.ema);
    return std::make_shared<MineBound>(o);
  }
  if (n == "nwj") {
    spec.allow_only({});
    return std::make_shared<NwjBound>();
  }
  if (n == "tuba") {
    spec.allow_only({"log_a", "learn"});
    TubaOptions o;
    o.log_a = spec.get_double("log_a", o.log_a);
    o.learn = spec.get_bool("learn", o.learn);
    return std::make_shared<TubaBound>(o);
  }
  if (n == "infonce") {
    spec.allow_only({"dir"});
    InfoNceOptions o;
    if (spec.has("dir")) o.dir = parse_infonce_direction(spec.get_string("dir", ""));
    return std::make_shared<InfoNceBound>(o);
  }
  if (n == "js") {
    spec.allow_only({});
    return std::make_shared<JsBound>();
  }
  if (n == "smile") {
    spec.allow_only({"tau"});
    SmileOptions o;
    o.tau = spec.get_double("tau", o.tau);
    return std::make_shared<SmileBound>(o);
  }
  if (n == "interpolated") {
    spec.allow_only({"alpha", "log_q"});
    InterpolatedOptions o;
    o.alpha = spec.get_double("alpha", o.alpha);
    o.log_q = spec.get_double("log_q", o.log_q);
    return std::make_shared<InterpolatedBound>(o);
  }
  std::string list;
  for (const auto& k : bound_names()) list += (list.empty() ? "" : ", ") + k;
  throw Error("estimator '" + n + "': unknown bound (known: " + list + ")");
}

}  // namespace infotorch::bounds
