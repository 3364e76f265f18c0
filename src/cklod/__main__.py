from cklod.cli import main

main()
