"""Writes of the assessments app, one module per concept; `from assessments import services`
reads them all from here.

- rounds: opening a round, its life to publication (entry, deadline, close-outs), one unit's
  deadline (admins);
- rankings: how a change of final points made here reaches results' recompute;
- entry: scoring what the province typed, saving a main index and general information (all or
  nothing, or every valid row: `partial`);
- fast_save_sql: the save's hand-written SQL (why, and the test that proves it equals the ORM);
- evidence: files with their citation;
- contributions: the officer assigns indicators and general information to contributors, accepts or
  sends back; contribution_evidence: the contributor's files with citations, the province's once accepted;
- submission: what is missing, sending to the reviewers;
- approval: the province leader's approval before sending (ask, approve, return to officer);
- validation: the framework's validation rules run on a submission's figures;
- checks and errors: the lock, the officer and edit-rule checks, and the refusals.

Every service takes keyword-only arguments, checks who may do it and whether the state allows
it *now* (the edit rule lives in `assessments.workflow.province_edit_refusal`), writes an audit
row for every change and commits all-or-nothing (the entry saves' `partial` mode: every valid
row, the others returned). Views only translate its exceptions and outcomes.
"""

from .approval import approve, contribution_statuses, last_return, request_approval, return_to_officer
from .checks import general_info_map, lock_submission
from .contribution_evidence import add_contributed_evidence, cite_library_file, library, remove_contributed_evidence
from .contributions import accept, assign, hand_in, save_contribution, send_back
from .entry import SaveOutcome, ScoredRow, save_general_info, save_main_index, score_inputs, waiting_on
from .errors import AssessmentError, Incomplete, StaleSave, ValidationFailed
from .evidence import add_evidence, citation_warnings, remove_evidence
from .rounds import (
    RoundState,
    close_entry,
    close_out,
    extend_deadline,
    move_deadline,
    open_round,
    round_state,
    set_review_deadline,
    start_round,
    units_for_round,
)
from .submission import Missing, missing_items, submit
from .validation import submission_violations, value_warnings

__all__ = [
    "accept",
    "add_contributed_evidence",
    "cite_library_file",
    "library",
    "remove_contributed_evidence",
    "assign",
    "hand_in",
    "save_contribution",
    "send_back",
    "AssessmentError",
    "Incomplete",
    "Missing",
    "RoundState",
    "SaveOutcome",
    "ScoredRow",
    "StaleSave",
    "ValidationFailed",
    "add_evidence",
    "approve",
    "contribution_statuses",
    "last_return",
    "request_approval",
    "return_to_officer",
    "citation_warnings",
    "close_entry",
    "close_out",
    "extend_deadline",
    "general_info_map",
    "lock_submission",
    "missing_items",
    "move_deadline",
    "open_round",
    "remove_evidence",
    "round_state",
    "save_general_info",
    "save_main_index",
    "score_inputs",
    "set_review_deadline",
    "start_round",
    "submission_violations",
    "submit",
    "units_for_round",
    "value_warnings",
    "waiting_on",
]
