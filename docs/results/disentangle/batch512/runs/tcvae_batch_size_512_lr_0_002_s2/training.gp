set terminal png size 1500,450 noenhanced
set output 'docs/results/disentangle/batch512/runs/tcvae_batch_size_512_lr_0_002_s2/training.png'
set datafile separator ','
set datafile missing 'nan'
set key autotitle columnhead
set grid
set multiplot layout 1,3 title 'tcvae'
set xlabel 'step'
set title 'loss'
plot 'docs/results/disentangle/batch512/runs/tcvae_batch_size_512_lr_0_002_s2/steps.csv' using 1:3 with lines notitle
set title 'MI estimate (nats)'
plot 'docs/results/disentangle/batch512/runs/tcvae_batch_size_512_lr_0_002_s2/steps.csv' using 1:4 with lines notitle
set xlabel 'epoch'
set title 'accuracy'
set yrange [0:1]
plot 0 notitle
unset multiplot
