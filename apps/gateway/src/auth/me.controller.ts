import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from './access.decorator';
import { IlmRequest } from '../http/request-context';

@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  /** Who the token belongs to: the cheapest way to check a token works. */
  @Get()
  @Access('self.read')
  me(@Req() req: IlmRequest) {
    const { userId, workspaceId, role } = req.actor!;
    return { userId, workspaceId, role };
  }
}
