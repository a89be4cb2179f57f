"""The domain, pure: levels and schemes, numbers and their rounding, measures and targets,
kinds of organization and sectors, and the selection a page or a link asks for.

Nothing here touches the database or the screen; every layer above takes its rules from here.
"""
