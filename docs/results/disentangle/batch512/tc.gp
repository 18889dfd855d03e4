set terminal png size 700,450 noenhanced
set output 'docs/results/disentangle/batch512/tc.png'
set title 'estimated TC (MSS) per epoch, seed 0'
set xlabel 'epoch'
set ylabel 'TC (nats)'
set grid
plot 'docs/results/disentangle/batch512/tc_tcvae_batch_size_512_lr_0_002.dat' using 1:2 with linespoints lw 2 title 'tcvae+batch_size=512+lr=0.002', 'docs/results/disentangle/batch512/tc_vae_batch_size_512_lr_0_002.dat' using 1:2 with linespoints lw 2 title 'vae+batch_size=512+lr=0.002'
