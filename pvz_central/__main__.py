import sys

from pvz_central.cli import main

sys.exit(main())
