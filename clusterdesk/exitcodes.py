"""Exit codes of the commands (README, «Commands»): 1 a refused command, nothing done; 3 a batch that went on
past bad inputs, which are listed on stderr.

A module of its own so that `clusterdesk extract` can name them without loading the database layer.
"""

EXIT_REFUSED = 1
EXIT_SOME_INPUTS_FAILED = 3
