/* di-ocr-model.c — the cell classifier: a small convolutional network, run in plain C
 *
 * File format (little-endian), written by tools/train-mrz-model:
 *   "DIMRZNN1", u32 input width, input height, classes, layers, then per layer a u32 kind:
 *   1 convolution 3×3 (padding 1) + ReLU: u32 in, out; f32 weights[out][in][3][3], bias[out]
 *   2 max pooling 2×2
 *   3 dense + ReLU: u32 in, out; f32 weights[out][in], bias[out]
 *   4 dense (the class scores): as 3, without ReLU
 * The scores go through a softmax.
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <math.h>
#include <string.h>

#include "di-ocr-private.h"

typedef enum {
  LAYER_CONV = 1,
  LAYER_POOL = 2,
  LAYER_DENSE_RELU = 3,
  LAYER_DENSE = 4,
} LayerKind;

typedef struct {
  LayerKind kind;
  guint     in, out;       /* channels or units */
  guint     width, height; /* of the input planes (convolution, pooling) */
  float    *weights;
  float    *bias;
} Layer;

struct _DiCellModel {
  guint   n_layers;
  Layer  *layers;
  guint   largest;         /* floats of the largest activation */
};

typedef struct {
  const guint8 *p;
  gsize         left;
} Reader;

static gboolean
take_u32 (Reader  *r,
          guint32 *out)
{
  if (r->left < 4)
    return FALSE;
  *out = (guint32) r->p[0] | (guint32) r->p[1] << 8 | (guint32) r->p[2] << 16 |
         (guint32) r->p[3] << 24;
  r->p += 4;
  r->left -= 4;
  return TRUE;
}

static gboolean
take_floats (Reader  *r,
             gsize    n,
             float  **out)
{
  if (n > r->left / 4)
    return FALSE;
  /* the file is little-endian like the machines this runs on; copied for alignment */
  *out = g_memdup2 (r->p, n * 4);
  r->p += n * 4;
  r->left -= n * 4;
  return TRUE;
}

static gboolean
model_fail (GError    **error,
            const char *path,
            const char *what)
{
  g_autofree char *base = g_path_get_basename (path);

  g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_MODEL, "the character model %s %s", base,
               what);
  return FALSE;
}

void
di_cell_model_free (DiCellModel *model)
{
  if (model == NULL)
    return;
  for (guint i = 0; i < model->n_layers; i++)
    {
      g_free (model->layers[i].weights);
      g_free (model->layers[i].bias);
    }
  g_free (model->layers);
  g_free (model);
}

/**
 * di_cell_model_load:
 * @path: a model file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the model, or %NULL with #DI_OCR_ERROR_MODEL when the file is
 *   missing, damaged, or not made for the cells of this reader
 */
DiCellModel *
di_cell_model_load (const char *path,
                    GError    **error)
{
  g_autofree guint8 *contents = NULL;
  g_autoptr (DiCellModel) model = g_new0 (DiCellModel, 1);
  gsize length;
  Reader r;
  guint32 width, height, classes, n_layers;
  guint channels = 1, w, h, units = 0;
  gboolean flat = FALSE;

  if (!g_file_get_contents (path, (char **) &contents, &length, NULL))
    return model_fail (error, path, "cannot be read (tools/train-mrz-model makes it)"), NULL;
  r = (Reader) { contents, length };
  if (length < 8 || memcmp (contents, "DIMRZNN1", 8) != 0)
    return model_fail (error, path, "is not a DocInspect MRZ model"), NULL;
  r.p += 8;
  r.left -= 8;
  if (!take_u32 (&r, &width) || !take_u32 (&r, &height) || !take_u32 (&r, &classes) ||
      !take_u32 (&r, &n_layers))
    return model_fail (error, path, "is truncated"), NULL;
  if (width != DI_CELL_WIDTH || height != DI_CELL_HEIGHT || classes != DI_N_CLASSES ||
      n_layers == 0 || n_layers > 32)
    return model_fail (error, path, "is made for other cells"), NULL;

  w = width;
  h = height;
  model->layers = g_new0 (Layer, n_layers);
  model->largest = w * h;
  for (guint i = 0; i < n_layers; i++)
    {
      Layer *layer = &model->layers[i];
      guint32 kind, in = 0, out = 0;

      model->n_layers = i + 1;
      if (!take_u32 (&r, &kind))
        return model_fail (error, path, "is truncated"), NULL;
      layer->kind = kind;
      layer->width = w;
      layer->height = h;
      switch (kind)
        {
        case LAYER_CONV:
          if (flat || !take_u32 (&r, &in) || !take_u32 (&r, &out) || in != channels ||
              out == 0 || out > 512 || !take_floats (&r, (gsize) out * in * 9, &layer->weights) ||
              !take_floats (&r, out, &layer->bias))
            return model_fail (error, path, "has a damaged convolution"), NULL;
          channels = out;
          break;
        case LAYER_POOL:
          if (flat || w < 2 || h < 2)
            return model_fail (error, path, "has a damaged pooling"), NULL;
          w /= 2;
          h /= 2;
          out = channels;
          in = channels;
          break;
        case LAYER_DENSE_RELU:
        case LAYER_DENSE:
          if (!flat)
            units = channels * w * h;
          flat = TRUE;
          if (!take_u32 (&r, &in) || !take_u32 (&r, &out) || in != units || out == 0 ||
              out > 4096 || !take_floats (&r, (gsize) out * in, &layer->weights) ||
              !take_floats (&r, out, &layer->bias))
            return model_fail (error, path, "has a damaged dense layer"), NULL;
          units = out;
          break;
        default:
          return model_fail (error, path, "has a layer of an unknown kind"), NULL;
        }
      layer->in = in;
      layer->out = out;
      model->largest = MAX (model->largest, flat ? units : channels * layer->width * layer->height);
    }
  if (!flat || units != DI_N_CLASSES || model->layers[n_layers - 1].kind != LAYER_DENSE ||
      r.left != 0)
    return model_fail (error, path, "does not end in the 37 class scores"), NULL;
  return g_steal_pointer (&model);
}

static void
conv3 (const Layer *layer,
       const float *src,
       float       *dst)
{
  guint w = layer->width, h = layer->height;

  for (guint o = 0; o < layer->out; o++)
    {
      float *plane = dst + (gsize) o * w * h;

      for (guint i = 0; i < w * h; i++)
        plane[i] = layer->bias[o];
      for (guint c = 0; c < layer->in; c++)
        {
          const float *k = layer->weights + ((gsize) o * layer->in + c) * 9;
          const float *in = src + (gsize) c * w * h;

          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                float kv = k[(dy + 1) * 3 + dx + 1];
                guint x0 = dx < 0 ? 1 : 0, x1 = dx > 0 ? w - 1 : w;

                for (guint y = dy < 0 ? 1 : 0; y < (dy > 0 ? h - 1 : h); y++)
                  {
                    float *out_row = plane + (gsize) y * w;
                    const float *in_row = in + (gsize) (y + dy) * w + dx;

                    for (guint x = x0; x < x1; x++)
                      out_row[x] += kv * in_row[x];
                  }
              }
        }
      for (guint i = 0; i < w * h; i++)
        plane[i] = MAX (plane[i], 0.0f);
    }
}

static void
pool2 (const Layer *layer,
       const float *src,
       float       *dst)
{
  guint w = layer->width, h = layer->height, ow = w / 2, oh = h / 2;

  for (guint c = 0; c < layer->out; c++)
    for (guint y = 0; y < oh; y++)
      for (guint x = 0; x < ow; x++)
        {
          const float *p = src + (gsize) c * w * h + (gsize) (2 * y) * w + 2 * x;

          dst[(gsize) c * ow * oh + y * ow + x] = MAX (MAX (p[0], p[1]), MAX (p[w], p[w + 1]));
        }
}

static void
dense (const Layer *layer,
       const float *src,
       float       *dst,
       gboolean     relu)
{
  for (guint o = 0; o < layer->out; o++)
    {
      const float *wrow = layer->weights + (gsize) o * layer->in;
      float sum = layer->bias[o];

      for (guint i = 0; i < layer->in; i++)
        sum += wrow[i] * src[i];
      dst[o] = relu ? MAX (sum, 0.0f) : sum;
    }
}

/**
 * di_cell_model_classify:
 * @model: a model
 * @cells: @n cells of DI_CELL_SIZE values
 * @n: the number of cells
 * @probabilities: (out caller-allocates): @n × DI_N_CLASSES class probabilities
 */
void
di_cell_model_classify (const DiCellModel *model,
                        const float       *cells,
                        guint              n,
                        float             *probabilities)
{
  g_autofree float *a = g_new (float, model->largest);
  g_autofree float *b = g_new (float, model->largest);

  for (guint i = 0; i < n; i++)
    {
      float *src = a, *dst = b, *p = probabilities + (gsize) i * DI_N_CLASSES;
      float top = -G_MAXFLOAT, total = 0;

      memcpy (src, cells + (gsize) i * DI_CELL_SIZE, DI_CELL_SIZE * sizeof (float));
      for (guint l = 0; l < model->n_layers; l++)
        {
          const Layer *layer = &model->layers[l];
          float *t;

          switch (layer->kind)
            {
            case LAYER_CONV:
              conv3 (layer, src, dst);
              break;
            case LAYER_POOL:
              pool2 (layer, src, dst);
              break;
            case LAYER_DENSE_RELU:
            case LAYER_DENSE:
            default:
              dense (layer, src, dst, layer->kind == LAYER_DENSE_RELU);
              break;
            }
          t = src;
          src = dst;
          dst = t;
        }
      for (guint c = 0; c < DI_N_CLASSES; c++)
        top = MAX (top, src[c]);
      for (guint c = 0; c < DI_N_CLASSES; c++)
        total += p[c] = expf (src[c] - top);
      for (guint c = 0; c < DI_N_CLASSES; c++)
        p[c] /= total;
    }
}
