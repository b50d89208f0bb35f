/* hb-window-journal.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-session-journal.h"
#include "hb-window-private.h"

/*
 * Restoring a journal left behind by a workbench that was killed: the session comes back
 * exactly (every step with its enabled flag, the cursor, the alternative branch) from the
 * journal's sidecar. Without a usable sidecar the journal's scenario is still a session's
 * worth of steps: it is replayed, and the window says what was lost and why.
 */

typedef struct
{
  HbWindow *self;
  char     *notice;  /* nullable: shown once the session is back */
} Restore;

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Restore *restore = user_data;
  HbWindow *self = restore->self;
  HbSession *session = HB_SESSION (object);
  g_autoptr(GError) error = NULL;

  /* A notice shown before the run would be hidden by it (a fresh host clears errors). */
  if (!hb_session_load_finish (session, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _hb_window_show_error (self, error->message);
    }
  else if (restore->notice != NULL)
    _hb_window_show_error (self, restore->notice);

  if (self->session != NULL)
    {
      guint cursor = hb_session_get_cursor (session);

      _hb_window_select_step_quietly (self, cursor > 0 ? cursor - 1 : G_MAXUINT);
      _hb_window_update_history_actions (self);
    }

  g_object_unref (restore->self);
  g_free (restore->notice);
  g_free (restore);
}

void
_hb_window_restore_journal (HbWindow   *self,
                            GFile      *journal,
                            JsonObject *app,
                            JsonObject *config,
                            JsonObject *harness,
                            JsonArray  *steps)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) state = hb_session_journal_read_workbench (journal, &error);
  Restore *restore = g_new0 (Restore, 1);

  restore->self = g_object_ref (self);

  /* Read: the window journals the restored session anew, and the old files are done
   * with (a second start must not offer them again). */
  hb_session_journal_delete (journal);

  if (state == NULL)
    {
      /* Never silent: the steps come back, the rest of the workbench state does not. */
      restore->notice = g_strdup_printf (_("Restored the journal's scenario only: its "
                                           "disabled steps, cursor and alternative steps "
                                           "are lost.\n%s"), error->message);
      hb_session_load_async (self->session, app, config, harness, steps, NULL, restore_cb,
                             restore);
      return;
    }

  {
    JsonNode *node = json_object_get_member (state, "alternative");
    JsonObject *branch = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
      ? json_node_get_object (node) : NULL;

    hb_session_restore_async (self->session, app, config, harness,
                              json_object_get_array_member (state, "steps"),
                              json_object_get_int_member (state, "cursor"),
                              branch ? json_object_get_array_member (branch, "steps") : NULL,
                              branch ? json_object_get_int_member (branch, "at") : 0,
                              NULL, restore_cb, restore);
  }
}
