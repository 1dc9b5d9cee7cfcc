export { type ApiHandlers, dispatch, isApiMethod } from './dispatch';
export { ServiceError, toApiError } from './errors';
export { LIMITS } from './limits';
export { isMediaKey, type MediaItem, MediaStore } from './media-store';
export { requestSchemas } from './schemas';
export { type HostDialogs, PixelPoolService, type ServiceOptions } from './service';
