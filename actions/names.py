"""The domain's actions and responses that several modules hand a turn to, or look for
in the turns before: one name each, so that a rename in ``domain.yml`` is one edit."""

OFFER_HANDOFF = "action_offer_handoff"
OFFER_RESPONSE = "utter_offer_handoff"
HANDOFF_DECLINED = "utter_handoff_declined"
GREET_RESPONSE = "utter_greet"
FALLBACK_ACTION = "action_fallback"
FAQ_ACTION = "action_answer_faq"
CANCELLED_RESPONSE = "utter_cancelled"
CANCEL_DECLINED = "utter_cancel_declined"
SUBMISSION_DETAIL = "utter_submission_detail"
CANCEL_PAYLOAD = "/cancel_my_submission"
