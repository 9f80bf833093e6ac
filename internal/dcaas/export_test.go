package dcaas

// ViewMaxAge lets the view's external tests wait out the view's tuning.
const ViewMaxAge = viewMaxAge
