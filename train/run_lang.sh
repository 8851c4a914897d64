#!/bin/sh
# Train, evaluate and install one language on one thread at low priority, capped at $CAP seconds of training.
# Usage: sh train/run_lang.sh en 1320   (log: train/work/<lang>.log)
lang=$1; cap=${2:-1320}; py=${PYTHON:-python}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p train/work
{
  [ -f train/work/$lang/train.spacy ] || nice -n 15 $py train/syntax.py build --lang $lang
  timeout $cap nice -n 15 $py train/syntax.py train --lang $lang
  nice -n 15 $py train/syntax.py evaluate --lang $lang && $py train/syntax.py install --lang $lang
} > train/work/$lang.log 2>&1
