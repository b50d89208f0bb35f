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
 * operation that changed the session (each step, load, replay) the session is written as a
 * scenario to the journal file with an atomic replace. A clean close removes the file; a
 * file left behind (the workbench was killed) is offered for restore at the next start.
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

G_END_DECLS
