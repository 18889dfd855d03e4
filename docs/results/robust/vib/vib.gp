set terminal png size 1500,450 noenhanced
set output 'docs/results/robust/vib/vib.png'
set logscale x
set grid
set xlabel 'beta'
set multiplot layout 1,3 title 'VIB on Fashion-MNIST'
set title 'I(Z;X) upper bound (nats)'
set logscale y
plot 'docs/results/robust/vib/vib.dat' using 1:3 with linespoints lw 2 notitle
unset logscale y
set title 'I(Z;Y) lower bound (nats)'
plot 'docs/results/robust/vib/vib.dat' using 1:4 with linespoints lw 2 notitle
set title 'accuracy: clean, input noise, FGSM'
set yrange [0:1]
set key bottom left
plot 'docs/results/robust/vib/vib.dat' using 1:2 with linespoints lw 2 title 'clean', 'docs/results/robust/vib/vib.dat' using 1:5 with linespoints title 'noise_0.1_accuracy', 'docs/results/robust/vib/vib.dat' using 1:6 with linespoints title 'noise_0.2_accuracy', 'docs/results/robust/vib/vib.dat' using 1:7 with linespoints title 'noise_0.3_accuracy', 'docs/results/robust/vib/vib.dat' using 1:8 with linespoints title 'fgsm_0.02_accuracy', 'docs/results/robust/vib/vib.dat' using 1:9 with linespoints title 'fgsm_0.05_accuracy', 'docs/results/robust/vib/vib.dat' using 1:10 with linespoints title 'fgsm_0.1_accuracy'
unset multiplot
