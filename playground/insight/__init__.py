"""Numbers behind the pictures (kernels, feature maps, confusion matrix, saliency): numpy in, numpy out."""
