# The same label text ("2021/22", "Q1", "SPOs granted") comes up on sheet after sheet and file
# after file: the pure functions that read a text keep this many answers a process, so each text is
# worked out once (their answers are frozen, so one can be shared). 500 returns hold ~3,000.
TEXT_CACHE = 1 << 14
