"""Business rules for opportunities, by topic: who may see what (`visibility`), a post's life
from draft to closed (`posts`), and expressions of interest (`interests`). Everything is
re-exported here, so callers write `from udyamsetu.marketplace import services`."""

from udyamsetu.marketplace.services.interests import (
    MAX_ATTACHMENTS,
    accept_interest,
    decline_interest,
    expire_interests,
    interests_in,
    interests_sent,
    own_interest,
    send_interest,
    visible_interest,
    withdraw_interest,
)
from udyamsetu.marketplace.services.posts import (
    FIELDS_BY_KIND,
    TERM_FIELDS,
    close_post,
    create_post,
    expire_posts,
    kinds_for,
    posts_of,
    publish_post,
    reject_post,
    renew_post,
    report_post,
    resolve_report,
    review_queue,
    submit_post,
    update_post,
    withdraw_post,
)
from udyamsetu.marketplace.services.visibility import (
    REVIEW,
    is_member,
    may_see_category_a,
    open_posts,
    own_post,
    post_for_matches,
    post_for_review,
    shows_poster,
    visible_post,
    visible_posts,
)

__all__ = [
    "FIELDS_BY_KIND", "MAX_ATTACHMENTS", "REVIEW", "TERM_FIELDS", "accept_interest",
    "close_post", "create_post", "decline_interest", "expire_interests", "expire_posts",
    "interests_in", "interests_sent", "is_member", "kinds_for", "may_see_category_a",
    "open_posts", "own_interest", "own_post", "post_for_matches", "post_for_review",
    "posts_of", "publish_post", "reject_post", "renew_post", "report_post", "resolve_report",
    "review_queue", "send_interest", "shows_poster", "submit_post", "update_post",
    "visible_interest", "visible_post", "visible_posts", "withdraw_interest", "withdraw_post",
]  # fmt: skip
