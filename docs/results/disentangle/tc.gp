set terminal png size 700,450 noenhanced
set output 'docs/results/disentangle/tc.png'
set title 'estimated TC (MSS) per epoch, seed 0'
set xlabel 'epoch'
set ylabel 'TC (nats)'
set grid
plot 'docs/results/disentangle/tc_vae.dat' using 1:2 with linespoints lw 2 title 'vae', 'docs/results/disentangle/tc_betavae.dat' using 1:2 with linespoints lw 2 title 'betavae', 'docs/results/disentangle/tc_tcvae.dat' using 1:2 with linespoints lw 2 title 'tcvae', 'docs/results/disentangle/tc_factorvae.dat' using 1:2 with linespoints lw 2 title 'factorvae', 'docs/results/disentangle/tc_tcvae_penalty_club.dat' using 1:2 with linespoints lw 2 title 'tcvae+penalty=club', 'docs/results/disentangle/tc_tcvae_penalty_smile.dat' using 1:2 with linespoints lw 2 title 'tcvae+penalty=smile'
