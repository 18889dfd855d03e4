set terminal png size 700,450 noenhanced
set output 'docs/results/disentangle/clamped/tc.png'
set title 'estimated TC (MSS) per epoch, seed 0'
set xlabel 'epoch'
set ylabel 'TC (nats)'
set grid
plot 'docs/results/disentangle/clamped/tc_tcvae_penalty_club.dat' using 1:2 with linespoints lw 2 title 'tcvae+penalty=club'
