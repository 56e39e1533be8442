import { Injectable } from '@nestjs/common';

/** Set when the service begins to shut down, so readiness turns it away from new traffic at once. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
