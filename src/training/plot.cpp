#include "infotorch/training/plot.h"

#include <cstdlib>
#include <fstream>

namespace infotorch::training {
namespace {

// Single-quoted for gnuplot and the shell: refuse anything that could end the quote.
bool safe(const std::string& s) { return s.find('\'') == std::string::npos; }

}  // namespace

bool plot_training(const std::string& dir, const std::string& title) {
  if (!safe(dir) || !safe(title)) return false;
  const std::string script = dir + "/training.gp";
  {
    std::ofstream gp(script);
    gp << "set terminal png size 1500,450\n"
       << "set output '" << dir << "/training.png'\n"
       << "set datafile separator ','\n"
       << "set datafile missing 'nan'\n"
       << "set key autotitle columnhead\n"
       << "set grid\n"
       << "set multiplot layout 1,3 title '" << title << "'\n"
       << "set xlabel 'step'\nset title 'loss'\n"
       << "plot '" << dir << "/steps.csv' using 1:3 with lines notitle\n"
       << "set title 'MI lower bound (nats)'\n"
       << "plot '" << dir << "/steps.csv' using 1:4 with lines notitle\n"
       << "set xlabel 'epoch'\nset title 'accuracy'\nset yrange [0:1]\n"
       << "plot '" << dir << "/epochs.csv' using 1:6 with linespoints title 'kNN monitor', '' using 1:7 with points pt 7 ps 2 title 'linear probe'\n"
       << "unset multiplot\n";
  }
  const std::string cmd = "gnuplot '" + script + "' > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace infotorch::training
