#include "infotorch/training/plot.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace infotorch::training {
namespace {

// One curve per accuracy column (by name: gnuplot reads epochs.csv's header); a placeholder when there is none.
std::string accuracy_plot(const std::string& dir, const std::vector<std::string>& columns) {
  if (columns.empty()) return "plot 0 notitle\n";
  std::string p = "plot ";
  for (size_t i = 0; i < columns.size(); ++i)
    p += std::string(i ? ", " : "") + "'" + dir + "/epochs.csv' using 1:\"" + columns[i] + "\" with linespoints title '" +
         columns[i] + "'";
  return p + "\n";
}

// Single-quoted for gnuplot and the shell: refuse anything that could end the quote.
bool safe(const std::string& s) { return s.find('\'') == std::string::npos; }

}  // namespace

bool plot_training(const std::string& dir, const std::string& title, const std::vector<std::string>& accuracy_columns) {
  if (!safe(dir) || !safe(title)) return false;
  for (const auto& c : accuracy_columns)
    if (c.find('"') != std::string::npos) return false;
  const std::string script = dir + "/training.gp";
  {
    std::ofstream gp(script);
    gp << "set terminal png size 1500,450 noenhanced\n"
       << "set output '" << dir << "/training.png'\n"
       << "set datafile separator ','\n"
       << "set datafile missing 'nan'\n"
       << "set key autotitle columnhead\n"
       << "set grid\n"
       << "set multiplot layout 1,3 title '" << title << "'\n"
       << "set xlabel 'step'\nset title 'loss'\n"
       << "plot '" << dir << "/steps.csv' using 1:3 with lines notitle\n"
       << "set title 'MI estimate (nats)'\n"
       << "plot '" << dir << "/steps.csv' using 1:4 with lines notitle\n"
       << "set xlabel 'epoch'\nset title 'accuracy'\nset yrange [0:1]\n"
       << accuracy_plot(dir, accuracy_columns) << "unset multiplot\n";
  }
  const std::string cmd = "gnuplot '" + script + "' > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace infotorch::training
