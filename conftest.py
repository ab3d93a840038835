# Must run before anything imports socket-using modules: nameko's broker
# fixtures hang without it (see NAMEKO-NOTES.md).
import eventlet

eventlet.monkey_patch()

pytest_plugins = ["reelhouse.shared.testing"]


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is a failed run here: every test needs real parts, and a
    skip would let a run without a broker or database look green."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        reporter.write_line(f"FAILED: {skipped} test(s) were skipped; skips are not allowed.", red=True)
        session.exitstatus = 1
