"""The per-user rate limit."""

from __future__ import annotations

from bot.discord_channel.ratelimit import RateLimiter, wait_message


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_allows_a_burst_then_says_how_long_to_wait() -> None:
    """`capacity` questions go through at once; the next is refused with the seconds until a token is back."""
    clock = _Clock()
    limiter = RateLimiter(3, 30.0, clock=clock)
    assert [limiter.hit(7) for _ in range(3)] == [None, None, None]
    wait = limiter.hit(7)
    assert wait is not None
    assert 9.9 < wait <= 10.0


def test_rate_limiter_refills_over_time_and_per_user() -> None:
    """Tokens come back with time, and one user's flood never slows another."""
    clock = _Clock()
    limiter = RateLimiter(1, 10.0, clock=clock)
    assert limiter.hit(1) is None
    assert limiter.hit(1) is not None
    assert limiter.hit(2) is None
    clock.now += 10.0
    assert limiter.hit(1) is None


def test_wait_message_is_friendly_and_whole_seconds() -> None:
    """The refusal is a sentence with a whole number of seconds."""
    assert wait_message(0.2) == "You're asking faster than the kitchen can keep up — give me 1 second and ask again."
    assert "give me 10 seconds" in wait_message(9.4)
