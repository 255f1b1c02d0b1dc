"""One module per subcommand; see budgetkg.cli."""
