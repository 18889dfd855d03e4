set terminal png size 900,480 noenhanced
set output 'docs/results/disentangle/clamped/mig.png'
set title 'MIG on generated dSprites'
set ylabel 'MIG'
set xrange [-0.5:0.500000]
set yrange [0:*]
set grid ytics
set xtics rotate by -20
set key top left
plot 'docs/results/disentangle/clamped/mig.dat' using ($1-0.1):2:3:xtic(6) with yerrorbars pt 7 ps 1.5 lw 2 title 'posterior (Chen et al.)', 'docs/results/disentangle/clamped/mig.dat' using ($1+0.1):4:5 with yerrorbars pt 5 ps 1.5 lw 2 title 'histogram (disentanglement_lib)', 'docs/results/disentangle/clamped/mig_seeds.dat' using ($1-0.1):2 with points pt 6 lc rgb 'gray40' notitle, 'docs/results/disentangle/clamped/mig_seeds.dat' using ($1+0.1):3 with points pt 4 lc rgb 'gray40' notitle
