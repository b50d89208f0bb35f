/* hb-session-journal.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hb-session.h"

G_BEGIN_DECLS

/*
 * HbSessionJournal: keeps a session on disk so nothing a user did is lost. After every
 * operation that changed the session (each step, load, replay, edit, fork) it is written
 * in two files, each with an atomic replace:
 *
 *   session-STAMP-PID-N.hbscenario.json   the session as a scenario (every enabled step,
 *                                         applied or ahead): `hassbench-cli run` plays it
 *   <that name>.workbench.json            the workbench-only state, written first:
 *     {"format": "hassbench-workbench-journal", "version": 1,
 *      "steps": [{"step": {...}, "enabled": bool, "outcome": {...} or null}, ...],
 *      "cursor": rows applied,
 *      "alternative": null or {"at": rows before the fork, "steps": [rows as above]}}
 *
 * A restore (hb_session_journal_read_workbench() then hb_session_restore_async()) brings
 * back every row with its enabled flag and last outcome, the cursor and the alternative.
 * The sidecar is checked against the scenario: its enabled steps must be the scenario's
 * steps, in order (a kill between the two writes leaves them apart). A clean close removes
 * both files; files left behind (the workbench was killed) are offered at the next start.
 *
 * Journals live in $XDG_STATE_HOME/hassbench/journal/.
 */

#define HB_TYPE_SESSION_JOURNAL (hb_session_journal_get_type ())
G_DECLARE_FINAL_TYPE (HbSessionJournal, hb_session_journal, HB, SESSION_JOURNAL, GObject)

HbSessionJournal *hb_session_journal_new          (HbSession        *session);
/* (transfer none): the file this journal writes */
GFile            *hb_session_journal_get_file     (HbSessionJournal *self);
/* Writes the session now. */
gboolean          hb_session_journal_write        (HbSessionJournal *self,
                                                   GError          **error);
/* Removes the file (a clean close). */
void              hb_session_journal_discard      (HbSessionJournal *self);
/* (transfer full) (element-type GFile): journals left behind by sessions that did not
 * close cleanly, newest first */
GPtrArray        *hb_session_journal_find_orphans (void);
GFile            *hb_session_journal_get_dir      (void);

/* (transfer full): the sidecar beside @journal, "<journal>.workbench.json" */
GFile            *hb_session_journal_get_sidecar  (GFile            *journal);
/* (transfer full): @session's workbench-only state, as the sidecar holds it */
JsonObject       *hb_session_journal_dup_workbench (HbSession       *session);
/* Reads @journal's sidecar and checks it against the scenario in @journal.
 * Returns (transfer full) (nullable): the sidecar's object, valid and matching. Errors
 * name the sidecar: G_IO_ERROR_NOT_FOUND when it is missing, HB_SESSION_ERROR_INVALID_FILE
 * when it is damaged (with line:column for bad JSON), does not match the scenario, or the
 * scenario cannot be read. */
JsonObject       *hb_session_journal_read_workbench (GFile          *journal,
                                                     GError        **error);
/* Removes a journal file and its sidecar (either may be missing). */
void              hb_session_journal_delete        (GFile          *journal);

G_END_DECLS
