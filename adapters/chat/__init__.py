"""The seam every chat surface stands on.

A surface (console, Discord, Slack) is a *handler* that turns what its users send into a
:class:`~adapters.chat.commands.Command` and a :class:`~adapters.chat.base.Caller`, hands them
to :class:`~adapters.chat.commands.Commands`, and *renders* the typed reply
(:mod:`adapters.chat.replies`) and the alerts it is given (``bot.model.Alert``) its own way. The
commands, their arguments, their permissions and their wording live here once.
"""
