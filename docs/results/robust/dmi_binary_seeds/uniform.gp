set terminal png size 640,420
set output 'docs/results/robust/dmi_binary_seeds/uniform.png'
set title 'binary: uniform'
set xlabel 'noise amount r'
set ylabel 'clean test accuracy'
set yrange [0:1]
set grid
set key bottom left
plot 'docs/results/robust/dmi_binary_seeds/uniform_ce.dat' using 1:2 with linespoints lw 2 title 'ce', 'docs/results/robust/dmi_binary_seeds/uniform_dmi.dat' using 1:2 with linespoints lw 2 title 'dmi', 'docs/results/robust/dmi_binary_seeds/uniform_forward.dat' using 1:2 with linespoints lw 2 title 'forward'
