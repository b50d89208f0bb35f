/* hb-json-text.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hb-json-text-private.h"
#include "hb-step.h"

typedef struct
{
  gboolean  is_index;
  guint     index;
  char     *key;
} PathPart;

typedef struct
{
  const char *begin;
  const char *p;
  const char *end;
  int         line;
  const char *line_start;

  /* First error. */
  char       *message;
  int         err_line;
  int         err_column;

  /* Locating: the target path and where its value started (last occurrence wins, as in
   * json-glib, which keeps the last of duplicate members). */
  GArray     *target;
  gboolean    found;
  int         found_line;
  int         found_column;
} Scan;

static int
column_at (Scan       *s,
           const char *at)
{
  int column = 1;

  /* Columns count characters, not bytes: skip UTF-8 continuation bytes. */
  for (const char *c = s->line_start; c < at; c++)
    if (((guchar) *c & 0xC0) != 0x80)
      column++;

  return column;
}

G_GNUC_PRINTF (3, 4)
static gboolean
scan_fail (Scan       *s,
           const char *at,
           const char *format,
           ...)
{
  va_list args;

  if (s->message != NULL)
    return FALSE;

  va_start (args, format);
  s->message = g_strdup_vprintf (format, args);
  va_end (args);
  s->err_line = s->line;
  s->err_column = column_at (s, at);

  return FALSE;
}

static char *
describe_char (const char *p,
               const char *end)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup_printf ("byte 0x%02x", (guchar) *p);
  if (c < 0x20 || c == 0x7f)
    return g_strdup_printf ("character U+%04X", c);

  return g_strdup_printf ("'%.*s'", (int) (g_utf8_next_char (p) - p), p);
}

static gboolean
skip_ws (Scan *s)
{
  while (s->p < s->end)
    {
      char c = *s->p;

      if (c == '\n')
        {
          s->line++;
          s->p++;
          s->line_start = s->p;
        }
      else if (c == ' ' || c == '\t' || c == '\r')
        {
          s->p++;
        }
      else if (c == '/' && s->p + 1 < s->end && (s->p[1] == '*' || s->p[1] == '/'))
        {
          return scan_fail (s, s->p, "comments are not allowed in JSON");
        }
      else
        {
          break;
        }
    }

  return TRUE;
}

static gboolean
read_hex4 (Scan     *s,
           gunichar *out)
{
  gunichar value = 0;

  if (s->end - s->p < 4)
    return scan_fail (s, s->p, "incomplete \\u escape: expected four hex digits");

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s->p[i]);

      if (digit < 0)
        return scan_fail (s, s->p, "invalid \\u escape: expected four hex digits");
      value = value * 16 + digit;
    }

  s->p += 4;
  *out = value;

  return TRUE;
}

/* Reads a string starting at the opening quote; appends its value to @value if given. */
static gboolean
scan_string (Scan    *s,
             GString *value)
{
  const char *open = s->p;

  g_assert (*s->p == '"');
  s->p++;

  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      else if (c == '\\')
        {
          const char *esc = s->p;

          s->p++;
          if (s->p >= s->end)
            break;

          switch (*s->p)
            {
            case '"': case '\\': case '/':
              if (value)
                g_string_append_c (value, *s->p);
              s->p++;
              break;
            case 'b': if (value) g_string_append_c (value, '\b'); s->p++; break;
            case 'f': if (value) g_string_append_c (value, '\f'); s->p++; break;
            case 'n': if (value) g_string_append_c (value, '\n'); s->p++; break;
            case 'r': if (value) g_string_append_c (value, '\r'); s->p++; break;
            case 't': if (value) g_string_append_c (value, '\t'); s->p++; break;
            case 'u':
              {
                gunichar cp;

                s->p++;
                if (!read_hex4 (s, &cp))
                  return FALSE;

                if (cp >= 0xDC00 && cp <= 0xDFFF)
                  return scan_fail (s, esc, "invalid \\u escape: unpaired low surrogate");

                if (cp >= 0xD800 && cp <= 0xDBFF)
                  {
                    gunichar low;

                    if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                      return scan_fail (s, esc, "invalid \\u escape: unpaired high surrogate");
                    s->p += 2;
                    if (!read_hex4 (s, &low))
                      return FALSE;
                    if (low < 0xDC00 || low > 0xDFFF)
                      return scan_fail (s, esc, "invalid \\u escape: unpaired high surrogate");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                  }

                if (cp == 0)
                  return scan_fail (s, esc, "\\u0000 is not allowed in strings");

                if (value)
                  g_string_append_unichar (value, cp);
              }
              break;
            default:
              {
                g_autofree char *what = describe_char (s->p, s->end);
                return scan_fail (s, esc, "invalid escape \\%s in string", what);
              }
            }
        }
      else if (c < 0x20)
        {
          if (c == '\n')
            return scan_fail (s, s->p, "unterminated string (a newline must be written \\n)");
          return scan_fail (s, s->p, "control character U+%04X in string; escape it", c);
        }
      else if (c < 0x80)
        {
          if (value)
            g_string_append_c (value, (char) c);
          s->p++;
        }
      else
        {
          gunichar cp = g_utf8_get_char_validated (s->p, s->end - s->p);
          const char *next;

          if (cp == (gunichar) -1 || cp == (gunichar) -2)
            return scan_fail (s, s->p, "invalid UTF-8 in string");
          next = g_utf8_next_char (s->p);
          if (value)
            g_string_append_len (value, s->p, next - s->p);
          s->p = next;
        }
    }

  return scan_fail (s, open, "unterminated string");
}

static gboolean
scan_number (Scan *s)
{
  const char *start = s->p;
  gboolean integral = TRUE;

  if (*s->p == '-')
    s->p++;

  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return scan_fail (s, start, "invalid number: expected a digit after '-'");

  if (*s->p == '0')
    {
      s->p++;
      if (s->p < s->end && g_ascii_isdigit (*s->p))
        return scan_fail (s, start, "invalid number: leading zeros are not allowed");
    }
  else
    {
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (s->p < s->end && *s->p == '.')
    {
      integral = FALSE;
      s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return scan_fail (s, start, "invalid number: expected a digit after '.'");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      integral = FALSE;
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return scan_fail (s, start, "invalid number: expected a digit in the exponent");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (s->p < s->end && (g_ascii_isalpha (*s->p) || *s->p == '_'))
    return scan_fail (s, start, "invalid number");

  {
    g_autofree char *text = g_strndup (start, s->p - start);

    if (integral)
      {
        gint64 v;

        /* json-glib would silently wrap an integer that does not fit. */
        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &v, NULL))
          return scan_fail (s, start, "integer %s does not fit in 64 bits", text);
      }
    else
      {
        double v = g_ascii_strtod (text, NULL);

        if (!isfinite (v))
          return scan_fail (s, start, "number %s is out of range", text);
      }
  }

  return TRUE;
}

static gboolean
scan_literal (Scan *s)
{
  static const char * const literals[] = { "true", "false", "null" };
  const char *start = s->p;
  const char *q = s->p;

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if ((gsize) (s->end - s->p) >= n && memcmp (s->p, literals[i], n) == 0 &&
          (s->p + n == s->end || !(g_ascii_isalnum (s->p[n]) || s->p[n] == '_')))
        {
          s->p += n;
          return TRUE;
        }
    }

  while (q < s->end && (g_ascii_isalnum (*q) || *q == '_') && q - start < 32)
    q++;

  if (q > start)
    return scan_fail (s, start, "unexpected word '%.*s'; expected a value "
                      "(a string in double quotes, a number, true, false, null, {...} or [...])",
                      (int) (q - start), start);

  {
    g_autofree char *what = describe_char (start, s->end);
    return scan_fail (s, start, "unexpected %s; expected a value", what);
  }
}

static void
record_if_target (Scan     *s,
                  guint     depth,
                  guint     matched)
{
  if (s->target != NULL && matched == depth && depth == s->target->len)
    {
      s->found = TRUE;
      s->found_line = s->line;
      s->found_column = column_at (s, s->p);
    }
}

static gboolean scan_value (Scan *s, guint depth, guint matched);

static gboolean
scan_object (Scan  *s,
             guint  depth,
             guint  matched)
{
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  s->p++;
  if (!skip_ws (s))
    return FALSE;

  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      const char *key_start;
      guint child_matched = G_MAXUINT;

      if (!skip_ws (s))
        return FALSE;
      if (s->p >= s->end)
        return scan_fail (s, s->p, "unexpected end of input in an object; expected '}'");
      if (*s->p == '\'')
        return scan_fail (s, s->p, "strings must use double quotes");
      if (*s->p == '}')
        return scan_fail (s, s->p, "trailing comma before '}'");
      if (*s->p != '"')
        {
          g_autofree char *what = describe_char (s->p, s->end);
          return scan_fail (s, s->p, "unexpected %s; expected a member name in double quotes",
                            what);
        }

      key_start = s->p;
      g_string_truncate (key, 0);
      if (!scan_string (s, key))
        return FALSE;

      if (keys == NULL)
        keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (!g_hash_table_add (keys, g_strdup (key->str)))
        return scan_fail (s, key_start, "duplicate member \"%s\"", key->str);

      if (!skip_ws (s))
        return FALSE;
      if (s->p >= s->end || *s->p != ':')
        return scan_fail (s, s->p, "expected ':' after the member name \"%s\"", key->str);
      s->p++;

      if (s->target != NULL && matched == depth && depth < s->target->len)
        {
          PathPart *part = &g_array_index (s->target, PathPart, depth);

          if (!part->is_index && strcmp (part->key, key->str) == 0)
            child_matched = depth + 1;
        }

      if (!scan_value (s, depth + 1, child_matched))
        return FALSE;

      if (!skip_ws (s))
        return FALSE;
      if (s->p >= s->end)
        return scan_fail (s, s->p, "unexpected end of input in an object; expected '}'");
      if (*s->p == ',')
        {
          s->p++;
          continue;
        }
      if (*s->p == '}')
        {
          s->p++;
          return TRUE;
        }

      {
        g_autofree char *what = describe_char (s->p, s->end);
        return scan_fail (s, s->p, "unexpected %s; expected ',' or '}'", what);
      }
    }
}

static gboolean
scan_array (Scan  *s,
            guint  depth,
            guint  matched)
{
  guint index = 0;

  s->p++;
  if (!skip_ws (s))
    return FALSE;

  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      return TRUE;
    }

  for (;; index++)
    {
      guint child_matched = G_MAXUINT;

      if (!skip_ws (s))
        return FALSE;
      if (s->p < s->end && *s->p == ']')
        return scan_fail (s, s->p, "trailing comma before ']'");

      if (s->target != NULL && matched == depth && depth < s->target->len)
        {
          PathPart *part = &g_array_index (s->target, PathPart, depth);

          if (part->is_index && part->index == index)
            child_matched = depth + 1;
        }

      if (!scan_value (s, depth + 1, child_matched))
        return FALSE;

      if (!skip_ws (s))
        return FALSE;
      if (s->p >= s->end)
        return scan_fail (s, s->p, "unexpected end of input in an array; expected ']'");
      if (*s->p == ',')
        {
          s->p++;
          continue;
        }
      if (*s->p == ']')
        {
          s->p++;
          return TRUE;
        }

      {
        g_autofree char *what = describe_char (s->p, s->end);
        return scan_fail (s, s->p, "unexpected %s; expected ',' or ']'", what);
      }
    }
}

static gboolean
scan_value (Scan  *s,
            guint  depth,
            guint  matched)
{
  if (!skip_ws (s))
    return FALSE;

  if (s->p >= s->end)
    return scan_fail (s, s->p, "unexpected end of input; expected a value");

  if (depth > HB_JSON_TEXT_MAX_DEPTH)
    return scan_fail (s, s->p, "nesting deeper than %d levels", HB_JSON_TEXT_MAX_DEPTH);

  record_if_target (s, depth, matched);

  switch (*s->p)
    {
    case '{':
      return scan_object (s, depth, matched);
    case '[':
      return scan_array (s, depth, matched);
    case '"':
      return scan_string (s, NULL);
    case '\'':
      return scan_fail (s, s->p, "strings must use double quotes");
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scan_number (s);
    default:
      return scan_literal (s);
    }
}

static void
scan_init (Scan       *s,
           const char *text,
           gsize       length)
{
  memset (s, 0, sizeof *s);
  s->begin = s->p = s->line_start = text;
  s->end = text + length;
  s->line = 1;
}

static gboolean
scan_document (Scan *s)
{
  if (s->end - s->p >= 3 && memcmp (s->p, "\xEF\xBB\xBF", 3) == 0)
    return scan_fail (s, s->p, "the text starts with a byte order mark; save it as UTF-8 "
                      "without one");

  if (!skip_ws (s))
    return FALSE;
  if (s->p >= s->end)
    return scan_fail (s, s->p, "empty input; expected a JSON value");
  if (!scan_value (s, 0, 0))
    return FALSE;
  if (!skip_ws (s))
    return FALSE;
  if (s->p < s->end)
    {
      g_autofree char *what = describe_char (s->p, s->end);
      return scan_fail (s, s->p, "unexpected %s after the end of the JSON value", what);
    }

  return TRUE;
}

gboolean
_hb_json_text_check (const char  *text,
                     gsize        length,
                     int         *line,
                     int         *column,
                     char       **message)
{
  Scan s;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  scan_init (&s, text ? text : "", length);
  if (scan_document (&s))
    return TRUE;

  if (line)
    *line = s.err_line;
  if (column)
    *column = s.err_column;
  if (message)
    *message = g_steal_pointer (&s.message);
  g_free (s.message);

  return FALSE;
}

static void
path_part_clear (gpointer data)
{
  PathPart *part = data;

  g_clear_pointer (&part->key, g_free);
}

/* Parses the paths _hb_json_path_append_*() make. */
static GArray *
parse_path (const char *path)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, TRUE, sizeof (PathPart));
  const char *p = path;

  g_array_set_clear_func (parts, path_part_clear);

  while (*p != '\0')
    {
      PathPart part = { 0 };

      if (*p == '.')
        p++;

      if (*p == '[' && p[1] == '"')
        {
          Scan s;
          g_autoptr(GString) key = g_string_new (NULL);

          scan_init (&s, p + 1, strlen (p + 1));
          if (!scan_string (&s, key))
            {
              g_free (s.message);
              return NULL;
            }
          p = s.p;
          if (*p != ']')
            return NULL;
          p++;
          part.key = g_string_free (g_steal_pointer (&key), FALSE);
        }
      else if (*p == '[')
        {
          char *endp = NULL;
          guint64 index = g_ascii_strtoull (p + 1, &endp, 10);

          if (endp == p + 1 || *endp != ']' || index > G_MAXUINT)
            return NULL;
          part.is_index = TRUE;
          part.index = (guint) index;
          p = endp + 1;
        }
      else
        {
          const char *start = p;

          while (*p != '\0' && *p != '.' && *p != '[')
            p++;
          if (p == start)
            return NULL;
          part.key = g_strndup (start, p - start);
        }

      g_array_append_val (parts, part);
    }

  return g_steal_pointer (&parts);
}

gboolean
_hb_json_text_locate (const char  *text,
                      gsize        length,
                      const char  *path,
                      int         *line,
                      int         *column)
{
  Scan s;
  g_autoptr(GArray) target = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  target = parse_path (path);
  if (target == NULL)
    return FALSE;

  scan_init (&s, text, length);
  s.target = target;
  scan_document (&s);
  g_free (s.message);

  if (!s.found)
    return FALSE;

  if (line)
    *line = s.found_line;
  if (column)
    *column = s.found_column;

  return TRUE;
}

static gboolean
is_plain_key (const char *key)
{
  if (*key == '\0')
    return FALSE;

  for (const char *p = key; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;

  return TRUE;
}

void
_hb_json_path_append_key (GString    *path,
                          const char *key)
{
  if (is_plain_key (key))
    {
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, key);
    }
  else
    {
      g_string_append_c (path, '[');
      _hb_json_text_append_string (path, key);
      g_string_append_c (path, ']');
    }
}

void
_hb_json_path_append_index (GString *path,
                            guint    index)
{
  g_string_append_printf (path, "[%u]", index);
}

gsize
_hb_json_path_prefix_length (const char *message)
{
  const char *p = message;

  while (*p != '\0')
    {
      if (p > message && *p == ':' && p[1] == ' ')
        return p - message;

      if (*p == '.' && p > message)
        p++;

      if (p[0] == '[' && p[1] == '"')
        {
          p += 2;
          while (*p != '\0' && *p != '"')
            p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
          if (p[0] != '"' || p[1] != ']')
            return 0;
          p += 2;
        }
      else if (p[0] == '[')
        {
          const char *digits = ++p;

          while (g_ascii_isdigit (*p))
            p++;
          if (p == digits || *p != ']')
            return 0;
          p++;
        }
      else
        {
          const char *key = p;

          while (g_ascii_isalnum (*p) || *p == '_' || *p == '-')
            p++;
          if (p == key)
            return 0;
        }

      if (*p != '\0' && *p != '.' && *p != '[' && *p != ':')
        return 0;
    }

  return 0;
}

void
_hb_json_text_append_string (GString    *out,
                             const char *str)
{
  g_string_append_c (out, '"');

  for (const char *p = str; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }

  g_string_append_c (out, '"');
}

void
_hb_json_text_append_double (GString *out,
                             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* JSON has no spelling for these; null is what every JSON writer falls back to. */
      g_string_append (out, "null");
      return;
    }

  /* The shortest of %.15g..%.17g that reads back as the same double. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.16g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);

  g_string_append (out, buf);

  /* Keep it a double when read back: 2.0 must not become the integer 2. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
append_indent (GString *out,
               int      indent,
               int      level)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent * level; i++)
    g_string_append_c (out, ' ');
}

/* @indent < 0: compact, with no space after separators (hb_json_to_string's form, which
 * messages quote); 0: one line, "a, b" and "k: v"; > 0: that many spaces per level until
 * @inline_depth. */
static void
write_node (GString  *out,
            JsonNode *node,
            int       indent,
            int       inline_depth,
            int       level)
{
  gboolean one_line = indent <= 0 || (inline_depth >= 0 && level >= inline_depth);
  const char *comma = indent < 0 ? "," : one_line ? ", " : ",";
  const char *colon = indent < 0 ? ":" : ": ";

  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          _hb_json_text_append_string (out, json_node_get_string (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT)
          _hb_json_text_append_double (out, json_node_get_double (node));
        else
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, comma);
            if (!one_line)
              append_indent (out, indent, level + 1);
            write_node (out, json_array_get_element (array, i), indent, inline_depth,
                        level + 1);
          }
        if (!one_line && n > 0)
          append_indent (out, indent, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        /* Insertion order: deterministic, and the order the author wrote. */
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append (out, comma);
            if (!one_line)
              append_indent (out, indent, level + 1);
            _hb_json_text_append_string (out, name);
            g_string_append (out, colon);
            write_node (out, member, indent, inline_depth, level + 1);
            first = FALSE;
          }
        if (!one_line && !first)
          append_indent (out, indent, level);
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_hb_json_text_write (GString  *out,
                     JsonNode *node,
                     int       indent,
                     int       inline_depth)
{
  g_return_if_fail (out != NULL);

  write_node (out, node, indent, inline_depth, 0);
}

JsonNode *
_hb_json_node_dup (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *copy = json_object_new ();
        JsonNode *result;
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (copy, name, _hb_json_node_dup (member));

        result = json_node_init_object (json_node_alloc (), copy);
        json_object_unref (copy);
        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        guint n = json_array_get_length (source);
        JsonArray *copy = json_array_sized_new (n);
        JsonNode *result;

        for (guint i = 0; i < n; i++)
          json_array_add_element (copy, _hb_json_node_dup (json_array_get_element (source, i)));

        result = json_node_init_array (json_node_alloc (), copy);
        json_array_unref (copy);
        return result;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonNode *
_hb_json_text_parse (const char  *text,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  int line = 0;
  int column = 0;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;

  if (!_hb_json_text_check (text, len, &line, &column, &message))
    {
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_SYNTAX,
                   "%d:%d: %s", line, column, message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, len, &local_error))
    {
      /* The strict check passed, so json-glib disagreeing is unexpected; keep its words. */
      g_set_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_SYNTAX,
                   "%s", local_error->message);
      return NULL;
    }

  return json_parser_steal_root (parser);
}
